"""Worker: runs Python handlers for jobs claimed from a Jobvault server (the /v1/workers protocol).

Each claimed job runs in its own thread; one heartbeat thread keeps every lease alive, carries the latest progress,
and tells a handler to stop when the job was cancelled or the lease is gone (another worker has the job now). A
handler returns its result, or raises: ``Snooze`` (run again later, no attempt used), ``Retry`` (a failed attempt,
run again after a delay), ``Fail`` (dead at once), any other exception (a failed attempt, the server's backoff).
On stop (SIGTERM), claiming stops and running handlers are told (``should_stop``; ``check()`` raises ``Stopped``).
A handler that returns within ``grace`` seconds completes its job; one that raises, or is still running then, has its
job handed back (a zero-delay snooze: no attempt used, another worker can start at once) instead of leaving it to
its lease (30 s).
"""
from __future__ import annotations

import logging
import os
import signal
import stat
import threading
import traceback
from typing import Any, BinaryIO, Callable, Iterable

from .client import Job, JobvaultClient, _duration
from .errors import JobvaultError

log = logging.getLogger("jobvault.worker")
LOST = frozenset({404, 409, 410})


class Snooze(Exception):
    """Run the job again after ``seconds``, using no attempt (an upstream's 429 with Retry-After, say)."""

    def __init__(self, seconds: float, reason: str = "snoozed"):
        super().__init__(reason)
        self.seconds = seconds


class Retry(Exception):
    """This attempt failed; run again after ``seconds`` (None: the server's backoff) if attempts are left."""

    def __init__(self, reason: str, seconds: float | None = None):
        super().__init__(reason)
        self.seconds = seconds


class Fail(Exception):
    """A failure that retrying cannot fix: the job ends dead at once."""


class Stopped(Exception):
    """Raised by ``JobContext.check()`` once the handler should stop; the worker then does what the reason asks."""


class JobContext:
    """What a handler gets: the job, progress reporting, artifact uploads, and whether to stop."""

    def __init__(self, worker: "Worker", job: Job):
        self.job = job
        self.id: str = job["id"]
        self.type: str = job["type"]
        self.payload: Any = job.get("payload")
        self.attempt: int = job.get("attempt", 0)
        self.lease: str = job["lease"]["token"]
        self._worker = worker
        self._progress: dict[str, Any] | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.stop_reason: str | None = None  # "cancelled", "lease lost" or "shutting down"
        self.handed_back = False

    def progress(self, percent: int, message: str | None = None) -> None:
        """Sent with the next heartbeat (only the latest counts)."""
        with self._lock:
            self._progress = {"percent": max(0, min(100, int(percent))), **({"message": message} if message else {})}
        self._worker._wake_heartbeat.set()

    @property
    def should_stop(self) -> bool:
        """True once the job was cancelled, its lease was lost, or the worker shuts down: return soon."""
        return self._stop.is_set()

    def check(self) -> None:
        """Raises ``Stopped`` once the handler should stop: call it between steps of a long job."""
        if self._stop.is_set():
            raise Stopped(self.stop_reason or "stopped")

    def wait_stop(self, seconds: float) -> bool:
        """Sleeps up to ``seconds``, waking early (True) when the handler should stop."""
        return self._stop.wait(seconds)

    def upload(self, name: str, content: bytes | BinaryIO | str | os.PathLike[str],
               content_type: str = "application/octet-stream") -> dict[str, Any]:
        """Uploads an artifact (bytes, an open binary file, or a path: streamed). Answers name, size, sha256."""
        if isinstance(content, (str, os.PathLike)):
            size = os.path.getsize(content)
            with open(content, "rb") as f:
                return self._upload(name, f, content_type, size)
        size = len(content) if isinstance(content, bytes) else _remaining(content)
        return self._upload(name, content, content_type, size)

    def _upload(self, name: str, data: Any, content_type: str, size: int | None) -> dict[str, Any]:
        headers = {"Jobvault-Lease": self.lease, "Content-Type": content_type}
        if size is not None:
            headers["Content-Length"] = str(size)
        return self._worker.client.http.json("PUT", f"/v1/jobs/{self.id}/artifacts/{name}", data=data,
                                             headers=headers, timeout=600)

    def _take_progress(self) -> dict[str, Any] | None:
        with self._lock:
            p, self._progress = self._progress, None
            return p

    def _halt(self, reason: str) -> None:
        if self.stop_reason is None:
            self.stop_reason = reason
        self._stop.set()


Handler = Callable[[JobContext], Any]


def _remaining(f: BinaryIO) -> int | None:
    """Bytes left in a regular file from its position (sent as Content-Length); None: sent chunked."""
    try:
        st = os.fstat(f.fileno())
        return st.st_size - f.tell() if stat.S_ISREG(st.st_mode) else None
    except (AttributeError, OSError, ValueError):
        return None


class Worker:
    def __init__(self, client: JobvaultClient, queues: Iterable[str] = ("default",), *, name: str = "python",
                 concurrency: int = 4, heartbeat_interval: float = 10.0, poll_wait: float = 20.0):
        if not 1 <= concurrency <= 100:
            raise ValueError("concurrency must be within 1..100")
        self.client = client
        self.queues = list(queues)
        self.name = name
        self.concurrency = concurrency
        self.heartbeat_interval = heartbeat_interval
        self.poll_wait = poll_wait
        self.handlers: dict[str, Handler] = {}
        self.running: dict[str, JobContext] = {}
        self._slots = threading.Semaphore(concurrency)
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._stopped = threading.Event()
        self._wake_heartbeat = threading.Event()
        self._threads: list[threading.Thread] = []

    def handler(self, job_type: str) -> Callable[[Handler], Handler]:
        """Decorator: ``@worker.handler("video.render")``."""
        def register(fn: Handler) -> Handler:
            self.register(job_type, fn)
            return fn
        return register

    def register(self, job_type: str, fn: Handler) -> None:
        self.handlers[job_type] = fn

    # --- lifecycle ------------------------------------------------------------------------------------------
    def start(self) -> "Worker":
        """Declares the handlers' types (so submits of them are accepted) and starts claiming in the background."""
        if not self.handlers:
            raise ValueError("a worker needs at least one handler")
        try:
            self.client.http.json("POST", "/v1/workers/types", body={"types": sorted(self.handlers)})
        except JobvaultError as e:
            log.warning("could not declare job types yet (each claim declares them too): %s", e)
        for target, tname in ((self._claim_loop, "jobvault-claim"), (self._heartbeat_loop, "jobvault-heartbeat")):
            t = threading.Thread(target=target, name=tname, daemon=True)
            t.start()
            self._threads.append(t)
        return self

    def run(self, *, grace: float = 10.0) -> None:
        """Starts, and blocks until SIGTERM or SIGINT (then stops gracefully). Call from the main thread."""
        def on_signal(signum: int, _frame: Any) -> None:
            log.info("signal %s: stopping (grace %.0fs)", signum, grace)
            threading.Thread(target=self.stop, kwargs={"grace": grace}, daemon=True).start()
        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
        self.start()
        while not self._stopped.wait(0.5):
            pass

    def stop(self, grace: float = 10.0) -> None:
        """Stops claiming; waits up to ``grace`` seconds for running jobs, then hands the rest back."""
        self._stopping.set()
        for ctx in list(self.running.values()):
            ctx._halt("shutting down")  # a handler that checks returns early, and its job is handed back
        deadline = threading.Event()
        timer = threading.Timer(grace, deadline.set)
        timer.start()
        while self.running and not deadline.is_set():
            deadline.wait(0.05)
        timer.cancel()
        for ctx in list(self.running.values()):
            ctx.handed_back = True  # the handler ignored the stop: whatever it reports later would be refused
            self._hand_back(ctx)
        self._stopped.set()
        self._wake_heartbeat.set()

    def __enter__(self) -> "Worker":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # --- claiming and running -------------------------------------------------------------------------------
    def _claim_loop(self) -> None:
        while not self._stopping.is_set():
            self._slots.acquire()
            free = 1
            while free < self.concurrency and self._slots.acquire(blocking=False):
                free += 1
            try:
                jobs = self.client.http.json("POST", "/v1/workers/claim", timeout=self.poll_wait + 30, body={
                    "queues": self.queues, "max": free, "wait": _duration(self.poll_wait), "worker": self.name,
                    "types": sorted(self.handlers)})["jobs"]
            except JobvaultError as e:
                for _ in range(free):
                    self._slots.release()
                if self._stopping.is_set():
                    return
                log.warning("claim failed; retrying in a second: %s", e)
                self._stopping.wait(1.0)
                continue
            for _ in range(free - len(jobs)):
                self._slots.release()
            for job in jobs:
                ctx = JobContext(self, job)
                if self._stopping.is_set():  # claimed while stopping: give it straight back
                    self._hand_back(ctx)
                    self._slots.release()
                    continue
                with self._lock:
                    self.running[ctx.id] = ctx
                threading.Thread(target=self._run, args=(ctx,), name=f"jobvault-job-{ctx.id}", daemon=True).start()

    def _run(self, ctx: JobContext) -> None:
        try:
            path, body, raised = self._outcome(ctx)
            if ctx.stop_reason == "lease lost" or ctx.handed_back:
                return  # the job is someone else's now: the server would refuse the outcome
            if ctx.stop_reason == "cancelled":
                path, body = "fail", {"error": "cancelled while running", "cancel": True}  # cancel wins
            elif ctx.stop_reason == "shutting down" and raised:
                self._hand_back(ctx)  # interrupted by the shutdown, not failed: no attempt used
                return
            try:
                self.client.http.json("POST", f"/v1/jobs/{ctx.id}/{path}", body={"leaseToken": ctx.lease, **body})
            except JobvaultError as e:
                log.warning("outcome of job %s not recorded (%s): %s", ctx.id, path, e)
        finally:
            with self._lock:
                self.running.pop(ctx.id, None)
            self._slots.release()

    def _outcome(self, ctx: JobContext) -> tuple[str, dict[str, Any], bool]:
        """Runs the handler: the endpoint (complete or fail) and body its outcome asks for, and whether it raised."""
        fn = self.handlers.get(ctx.type)
        try:
            if fn is None:
                raise Retry(f"no handler for job type '{ctx.type}' on worker {self.name}")
            return "complete", {"result": fn(ctx)}, False
        except Snooze as s:
            return "fail", {"error": str(s), "snooze": True, "retryAfter": _duration(s.seconds)}, True
        except Retry as r:
            body = {"error": str(r), "retryable": True, "errorType": "Retry"}
            if r.seconds is not None:
                body["retryAfter"] = _duration(r.seconds)
            return "fail", body, True
        except Fail as f:
            return "fail", {"error": str(f) or "failed", "retryable": False, "errorType": "Fail"}, True
        except Exception as e:  # noqa: BLE001 - a handler's failure is the job's, not the worker's
            return "fail", {"error": str(e) or type(e).__name__, "errorType": type(e).__name__,
                            "stackTrace": "".join(traceback.format_exception(e))[:8000]}, True

    def _hand_back(self, ctx: JobContext) -> None:
        try:
            self.client.http.json("POST", f"/v1/jobs/{ctx.id}/fail", body={
                "leaseToken": ctx.lease, "error": f"worker {self.name} shut down", "snooze": True, "retryAfter": "0s"})
        except JobvaultError as e:
            log.warning("could not hand job %s back (its lease will expire instead): %s", ctx.id, e)

    def _heartbeat_loop(self) -> None:
        while not self._stopped.is_set():
            self._wake_heartbeat.wait(self.heartbeat_interval)
            self._wake_heartbeat.clear()
            for ctx in list(self.running.values()):
                if ctx.stop_reason == "lease lost" or ctx.handed_back:
                    continue
                progress = ctx._take_progress()
                try:
                    hb = self.client.http.json("POST", f"/v1/jobs/{ctx.id}/heartbeat",
                                               body={"leaseToken": ctx.lease, "progress": progress})
                    if hb.get("cancelRequested"):
                        ctx._halt("cancelled")
                except JobvaultError as e:
                    if e.status in LOST:
                        ctx._halt("lease lost")
                    else:
                        log.warning("heartbeat of job %s failed; retrying: %s", ctx.id, e)
            self._stopped.wait(0.2)  # progress wakes the loop early, but never more than five rounds a second
