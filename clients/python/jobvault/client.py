"""JobvaultClient: the /v1 jobs, artifacts and schedules API, synchronous, standard library only."""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass
from typing import Any, Iterator

from ._http import Http
from .errors import ChecksumMismatch, JobvaultError
from .sse import read_events

TERMINAL_STATES = frozenset({"succeeded", "dead", "cancelled"})
Job = dict[str, Any]


@dataclass(frozen=True)
class Page:
    items: list[Job]
    next_cursor: str | None


@dataclass(frozen=True)
class JobEvent:
    """``state``, ``progress`` or ``deleted``; ``job`` is the whole job as GET /v1/jobs/{id} answers it."""
    event: str
    job: Job
    id: str | None = None


def _duration(seconds: float | str | None) -> str | None:
    if seconds is None or isinstance(seconds, str):
        return seconds
    return f"{int(round(seconds * 1000))}ms"


class JobvaultClient:
    """Talks to a Jobvault server. ``token`` is an API token (``jv_…``) or a per-job read token (``jvr_…``)."""

    def __init__(self, base_url: str, token: str | None, *, timeout: float = 30.0):
        self.http = Http(base_url, token, timeout)

    # --- jobs -----------------------------------------------------------------------------------------------
    def submit(self, type: str, payload: Any = None, *, idempotency_key: str | None = None,
               read_token: bool = False, **fields: Any) -> Job:
        """Submits a job; the answer's ``submitStatus`` is ``created``, ``duplicate`` or ``skipped_unique``.
        ``fields`` are the API's own names (``queue``, ``priority``, ``maxAttempts``, ``delay``, ``labels``, …)."""
        body = {"type": type, **fields}
        if payload is not None:
            body["payload"] = payload
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else None
        return self.http.json("POST", "/v1/jobs", body=body, headers=headers,
                              query={"readToken": "true"} if read_token else None)

    def get(self, job_id: str) -> Job:
        return self.http.json("GET", f"/v1/jobs/{job_id}")

    def wait(self, job_id: str, timeout: float = 60.0) -> Job:
        """Holds until the job is finished (the server's ``?wait=``, at most 60 s a request) or ``timeout`` seconds
        passed, and returns the job as it is then — check its ``state``."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            step = max(0.0, min(left, 60.0))
            job = self.http.json("GET", f"/v1/jobs/{job_id}", query={"wait": _duration(step)}, timeout=step + 30)
            if job["state"] in TERMINAL_STATES or time.monotonic() >= deadline:
                return job

    def list(self, *, limit: int | None = None, cursor: str | None = None, **filters: Any) -> Page:
        """One page, newest first. Filters: state, queue, type, tenant, label ("k=v"), createdFrom, …"""
        out = self.http.json("GET", "/v1/jobs", query={**filters, "limit": limit, "cursor": cursor})
        return Page(out.get("items", []), out.get("nextCursor"))

    def iter_jobs(self, *, page_size: int = 100, **filters: Any) -> Iterator[Job]:
        """Every matching job, page after page (one page in memory at a time)."""
        cursor = None
        while True:
            page = self.list(limit=page_size, cursor=cursor, **filters)
            yield from page.items
            if not page.next_cursor:
                return
            cursor = page.next_cursor

    def cancel(self, job_id: str) -> Job:
        return self.http.json("POST", f"/v1/jobs/{job_id}/cancel")

    def retry(self, job_id: str) -> Job:
        return self.http.json("POST", f"/v1/jobs/{job_id}/retry")

    def delete(self, job_id: str) -> None:
        self.http.json("DELETE", f"/v1/jobs/{job_id}")

    def attempts(self, job_id: str) -> list[dict[str, Any]]:
        return self.http.json("GET", f"/v1/jobs/{job_id}/attempts")["items"]

    def read_token(self, job_id: str, ttl: str | None = None) -> dict[str, Any]:
        return self.http.json("POST", f"/v1/jobs/{job_id}/read-token", body={"ttl": ttl} if ttl else {})

    # --- events ---------------------------------------------------------------------------------------------
    def events(self, job_id: str, *, poll_interval: float = 1.0, sse: bool = True) -> Iterator[JobEvent]:
        """The job's changes until it finishes: server-sent events, reconnecting with ``Last-Event-ID`` when the
        stream ends early; if the stream cannot be opened or breaks, falls back to polling every
        ``poll_interval`` seconds. Problems answered before the stream starts (404, 410, 401, 403) are raised."""
        last_id: str | None = None
        while sse:
            headers = {"Accept": "text/event-stream"}
            if last_id:
                headers["Last-Event-ID"] = last_id
            try:
                resp = self.http.open("GET", f"/v1/jobs/{job_id}/events", headers=headers, timeout=120)
            except JobvaultError as e:
                if e.status != 0:
                    raise
                break  # cannot connect for a stream (a proxy, say): poll instead
            if "text/event-stream" not in (resp.headers.get("Content-Type") or ""):
                resp.close()
                break
            finished, got_any = False, False
            try:
                with resp:
                    for msg in read_events(resp):
                        got_any = True
                        last_id = msg.id or last_id
                        job = json.loads(msg.data) if msg.data.startswith("{") else {}
                        yield JobEvent(msg.event, job, msg.id)
                        if msg.event == "deleted" or job.get("state") in TERMINAL_STATES:
                            finished = True
                            return
            except (OSError, ValueError):
                break  # the stream broke mid-way: polling finds the state without losing anything
            if finished:
                return
            if not got_any:
                break  # a stream that closes empty would have us reconnect in a tight loop: poll instead
        yield from self._poll(job_id, poll_interval)

    def _poll(self, job_id: str, interval: float) -> Iterator[JobEvent]:
        seen: tuple[Any, Any] | None = None
        while True:
            job = self.get(job_id)
            now = (job.get("state"), json.dumps(job.get("progress"), sort_keys=True))
            if now != seen:
                yield JobEvent("state" if seen is None or now[0] != seen[0] else "progress", job)
                seen = now
            if job["state"] in TERMINAL_STATES:
                return
            time.sleep(interval)

    # --- artifacts ------------------------------------------------------------------------------------------
    def artifact_url(self, job: Job | str, name: str) -> str:
        """The signed download link (no token needed, valid for an hour) of the job's artifact ``name``."""
        job = self.get(job) if isinstance(job, str) else job
        for a in job.get("artifacts") or []:
            if a.get("name") == name:
                return self.http.base_url + a["url"] if a["url"].startswith("/") else a["url"]
        raise JobvaultError(404, "https://jobvault.io/problems/artifact-not-found", "Artifact not found",
                            f"job {job.get('id')} has no artifact {name}", "list the job's artifacts")

    def download(self, job_id: str, name: str, dest: str | os.PathLike[str]) -> str:
        """Streams the artifact to ``dest`` (a file, or a directory to put ``name`` in), checking its SHA-256 against
        the one the server recorded (the ETag). The file appears only complete and checked; returns its path."""
        dest = os.fspath(dest)
        if os.path.isdir(dest):
            dest = os.path.join(dest, name)
        digest = hashlib.sha256()
        resp = self.http.open("GET", f"/v1/jobs/{job_id}/artifacts/{name}", headers={"Accept": "*/*"}, timeout=120)
        fd, tmp = tempfile.mkstemp(prefix=".jobvault-", dir=os.path.dirname(os.path.abspath(dest)))
        try:
            with resp, os.fdopen(fd, "wb") as out:
                expected = (resp.headers.get("ETag") or "").strip('W/"') or None
                while chunk := resp.read(1 << 16):
                    digest.update(chunk)
                    out.write(chunk)
            actual = digest.hexdigest()
            if expected and expected.lower() != actual:
                raise ChecksumMismatch(name, expected, actual)
            os.replace(tmp, dest)
            return dest
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    # --- schedules ------------------------------------------------------------------------------------------
    def schedules(self) -> list[dict[str, Any]]:
        return self.http.json("GET", "/v1/schedules").get("items", [])

    def schedule(self, schedule_id: str) -> dict[str, Any]:
        return self.http.json("GET", f"/v1/schedules/{schedule_id}")

    def put_schedule(self, schedule_id: str, definition: dict[str, Any]) -> dict[str, Any]:
        return self.http.json("PUT", f"/v1/schedules/{schedule_id}", body=definition)

    def trigger(self, schedule_id: str, reason: str, *, key: str | None = None, delay: str | None = None,
                fire: str | None = None) -> dict[str, Any]:
        body = {k: v for k, v in {"reason": reason, "key": key, "delay": delay, "fire": fire}.items() if v is not None}
        return self.http.json("POST", f"/v1/schedules/{schedule_id}/trigger", body=body)
