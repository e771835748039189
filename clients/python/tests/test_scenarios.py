"""The shared client scenarios (clients/scenarios.json), run with this client against a real server: one test each.

The Java and TypeScript clients run the same file; the format is described in docs/clients.md.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import threading
import time
import unittest
import uuid
from typing import Any

import server
from jobvault import JobContext, JobvaultClient, JobvaultError, Snooze, Worker

SCENARIOS = os.path.join(server.ROOT, "clients", "scenarios.json")
REF = re.compile(r"\$\{([^}]+)\}")


def load() -> dict[str, Any]:
    with open(SCENARIOS, encoding="utf-8") as f:
        return json.load(f)


class Handlers:
    """The one handler the scenarios' jobs run: the job's payload says what it does (``do``). Records each job's runs
    and whether its handler was told to stop, for ``awaitHandler`` and ``handlerRuns``."""

    def __init__(self) -> None:
        self.runs: dict[str, int] = {}
        self.started: dict[str, threading.Event] = {}
        self.stopped: dict[str, threading.Event] = {}
        self.lock = threading.Lock()

    def event(self, kind: str, job_id: str) -> threading.Event:
        with self.lock:
            return getattr(self, kind).setdefault(job_id, threading.Event())

    def __call__(self, ctx: JobContext) -> Any:
        with self.lock:
            self.runs[ctx.id] = self.runs.get(ctx.id, 0) + 1
            run = self.runs[ctx.id]
        self.event("started", ctx.id).set()
        p = ctx.payload or {}
        todo = p.get("do", "succeed")
        if todo == "succeed":
            ctx.wait_stop(p.get("after", 0))  # the work takes that long
            return p.get("result")
        if todo == "snoozeOnce":
            if run == 1:
                raise Snooze(p["seconds"], "scenario snooze")
            return p.get("result")
        if todo == "upload":
            a = ctx.upload(p["name"], p["text"].encode("utf-8"), p["contentType"])
            return {"sha256": a["sha256"], "size": a["size"]}
        if todo == "block":
            if ctx.wait_stop(60):
                self.event("stopped", ctx.id).set()
                ctx.check()  # raises Stopped: the worker does what the stop's reason asks
            raise AssertionError("the handler was never told to stop")
        raise ValueError(f"unknown scenario handler action {todo!r}")


def substitute(value: Any, saved: dict[str, Any]) -> Any:
    """``${name.path}`` in strings: the saved value itself when the string is only that, else its text."""
    if isinstance(value, dict):
        return {k: substitute(v, saved) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(v, saved) for v in value]
    if not isinstance(value, str):
        return value
    whole = REF.fullmatch(value)
    if whole:
        return lookup(whole.group(1), saved)
    return REF.sub(lambda m: str(lookup(m.group(1), saved)), value)


def lookup(ref: str, saved: dict[str, Any]) -> Any:
    name, *path = ref.split(".")
    if name not in saved:
        raise KeyError(f"${{{ref}}}: nothing saved as {name!r}")
    value = saved[name]
    for key in path:
        value = value[key]
    return value


def mismatch(expected: Any, actual: Any, where: str = "") -> str | None:
    """Where ``actual`` does not match ``expected`` (objects: the keys expected; lists: element by element), or None."""
    if isinstance(expected, dict) and set(expected) == {"$oneOf"}:
        return None if actual in expected["$oneOf"] else f"{where or '.'}: {actual!r} is not one of {expected['$oneOf']}"
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return f"{where or '.'}: expected an object, got {actual!r}"
        for k, v in expected.items():
            if k not in actual:
                return f"{where}.{k}: missing (got {sorted(actual)})"
            found = mismatch(v, actual[k], f"{where}.{k}")
            if found:
                return found
        return None
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return f"{where or '.'}: expected {len(expected)} items, got {actual!r}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            found = mismatch(e, a, f"{where}[{i}]")
            if found:
                return found
        return None
    if isinstance(expected, bool) or isinstance(actual, bool) or not isinstance(expected, (int, float)):
        return None if expected == actual else f"{where or '.'}: expected {expected!r}, got {actual!r}"
    return None if isinstance(actual, (int, float)) and expected == actual else f"{where or '.'}: expected {expected!r}, got {actual!r}"


def corrupt_stored_artifact(artifacts: str, job_id: str, name: str) -> None:
    """Flips the first byte of the server's file of the artifact (ARTIFACTS/JOB/ATTEMPT-NAME), keeping its size."""
    job_dir = os.path.join(artifacts, job_id)
    files = [f for f in os.listdir(job_dir) if f.endswith("-" + name)]
    if len(files) != 1:
        raise AssertionError(f"expected one stored file of {name} in {job_dir}, found {os.listdir(job_dir)}")
    with open(os.path.join(job_dir, files[0]), "r+b") as f:
        first = f.read(1)
        f.seek(0)
        f.write(bytes([first[0] ^ 0xFF]))


class Run:
    """One scenario's run: its queue, saved values, handler and worker."""

    def __init__(self, spec: dict[str, Any], client: JobvaultClient, artifacts: str) -> None:
        self.spec = spec
        self.client = client
        self.artifacts = artifacts
        unique = uuid.uuid4().hex[:12]
        self.saved: dict[str, Any] = {"queue": "scn-py-" + unique, "unique": unique}
        self.handlers = Handlers()
        self.worker: Worker | None = None

    def call(self, op: str, args: dict[str, Any]) -> Any:
        c = self.client
        if op == "submit":
            fields = {k: v for k, v in args.items() if k not in ("type", "payload", "idempotencyKey")}
            return c.submit(args["type"], args.get("payload"), idempotency_key=args.get("idempotencyKey"), **fields)
        if op == "get":
            return c.get(args["id"])
        if op == "wait":
            return c.wait(args["id"], timeout=args["timeout"])
        if op == "cancel":
            return c.cancel(args["id"])
        if op == "delete":
            return c.delete(args["id"])
        if op == "events":
            last = None
            for event in c.events(args["id"]):
                last = event.job
            return {"last": last}
        if op == "download":
            with tempfile.TemporaryDirectory() as d:
                with open(c.download(args["id"], args["name"], d), "rb") as f:
                    data = f.read()
            return {"text": data.decode("utf-8"), "sha256": hashlib.sha256(data).hexdigest()}
        if op == "corruptStoredArtifact":
            corrupt_stored_artifact(self.artifacts, args["id"], args["name"])
            return None
        if op == "startWorker":
            w = load()["worker"]
            self.worker = Worker(c, [self.saved["queue"]], name="scenario-py", heartbeat_interval=w["heartbeatInterval"],
                                 poll_wait=w["pollWait"])
            self.worker.register("scenario.work", self.handlers)
            self.worker.start()
            return None
        if op == "stopWorker":
            worker, self.worker = self.worker, None
            assert worker is not None, "stopWorker without startWorker"
            worker.stop(grace=args["grace"])
            return None
        if op == "awaitHandler":
            if not self.handlers.event(args["event"], args["id"]).wait(args["timeout"]):
                raise AssertionError(f"the handler of job {args['id']} was not {args['event']} within {args['timeout']} s")
            return None
        if op == "handlerRuns":
            return self.handlers.runs.get(args["id"], 0)
        raise ValueError(f"unknown scenario operation {op!r}")

    def step(self, i: int, step: dict[str, Any]) -> None:
        op, args = step["op"], substitute(step.get("args", {}), self.saved)
        expect = substitute(step.get("expect", {}), self.saved)
        deadline = time.monotonic() + step.get("within", 0)
        while True:
            problem = self.attempt(op, args, expect, step.get("save"))
            if problem is None:
                return
            if time.monotonic() >= deadline:
                raise AssertionError(f"step {i + 1} ({op} {json.dumps(args)}): {problem}")
            time.sleep(0.1)  # "within": the server gets there in its own time (a pruner pass); look again

    def attempt(self, op: str, args: dict[str, Any], expect: dict[str, Any], save: str | None) -> str | None:
        try:
            result = self.call(op, args)
        except JobvaultError as e:
            if "problem" not in expect:
                return f"failed with {e.status} {e.slug}: {e}"
            got = {"status": e.status, "type": e.slug}
            return mismatch(expect["problem"], got, "problem")
        if "problem" in expect:
            return f"expected the problem {expect['problem']}, got {json.dumps(result)[:300]}"
        if save:
            self.saved[save] = result
        for key in ("job", "value"):
            if key in expect:
                return mismatch(expect[key], result, key)
        return None

    def close(self) -> None:
        if self.worker is not None:
            self.worker.stop(grace=0)


class ScenariosTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        spec = load()["server"]
        cls.server = server.Server(["--types", ",".join(spec["types"]), "--prune-interval", spec["pruneInterval"]]).start()
        cls.client = JobvaultClient(cls.server.url, cls.server.token)

    @classmethod
    def tearDownClass(cls) -> None:
        cls.server.stop()

    def test_every_scenario(self) -> None:
        scenarios = load()["scenarios"]
        self.assertGreaterEqual(len(scenarios), 8)
        for spec in scenarios:
            with self.subTest(scenario=spec["name"]):
                run = Run(spec, self.client, os.path.join(self.server.data, "data", "artifacts"))
                try:
                    for i, step in enumerate(spec["steps"]):
                        run.step(i, step)
                finally:
                    run.close()


if __name__ == "__main__":
    unittest.main()
