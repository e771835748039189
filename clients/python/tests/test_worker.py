"""Worker against a real server: progress, snooze, artifact upload and download, lease lost, graceful stop."""
import hashlib
import os
import tempfile
import threading
import time
import unittest
import uuid

import server
from jobvault import ChecksumMismatch, Fail, JobvaultClient, Retry, Snooze, Worker


class WorkerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.server = server.shared()
        cls.client = JobvaultClient(cls.server.url, cls.server.token)

    def setUp(self) -> None:
        self.queue = "py-" + uuid.uuid4().hex[:10]

    def worker(self, name: str) -> Worker:
        return Worker(self.client, [self.queue], name=name, heartbeat_interval=0.2, poll_wait=1)

    def test_progress_a_snooze_and_an_artifact_the_client_downloads(self) -> None:
        worker = self.worker("py-video")
        runs, progress_seen, go_on = [], threading.Event(), threading.Event()
        clip = os.urandom(200_000)

        @worker.handler("py.video")
        def render(ctx):
            runs.append(ctx.attempt)
            if len(runs) == 1:
                raise Snooze(0.1, "upstream busy")
            ctx.progress(40, "frame 40/100")
            self.assertTrue(go_on.wait(30))
            uploaded = ctx.upload("clip.mp4", clip, "video/mp4")
            with tempfile.TemporaryFile() as f:  # an open file is streamed too
                f.write(b"poster")
                f.seek(0)
                ctx.upload("poster.jpg", f, "image/jpeg")
            ctx.progress(100, "done")
            return {"frames": 100, "sha256": uploaded["sha256"]}

        with worker:
            job = self.client.submit("py.video", {"src": "a.mov"}, queue=self.queue)
            for event in self.client.events(job["id"]):
                if (event.job.get("progress") or {}).get("message") == "frame 40/100":
                    progress_seen.set()
                    go_on.set()
                if event.job["state"] in ("succeeded", "dead", "cancelled"):
                    break
        done = self.client.wait(job["id"], timeout=30)
        self.assertTrue(progress_seen.is_set())
        self.assertEqual(done["state"], "succeeded")
        self.assertEqual(runs, [1, 1])  # the snooze gave its attempt back
        self.assertIn("snoozed", [a["outcome"] for a in self.client.attempts(job["id"])])
        expected = hashlib.sha256(clip).hexdigest()
        self.assertEqual(done["result"]["sha256"], expected)
        with tempfile.TemporaryDirectory() as d:
            path = self.client.download(job["id"], "clip.mp4", d)
            with open(path, "rb") as f:
                self.assertEqual(f.read(), clip)
        self.assertEqual({a["name"]: a["size"] for a in done["artifacts"]}, {"clip.mp4": len(clip), "poster.jpg": 6})
        self.assertTrue(self.client.artifact_url(done, "clip.mp4").startswith(self.server.url + "/v1/jobs/"))

    def test_a_download_whose_bytes_do_not_match_the_checksum_leaves_no_file(self) -> None:
        job = self.client.submit("demo.report", {"title": "Q3", "pages": 1})
        self.client.wait(job["id"], timeout=30)
        real_open = self.client.http.open

        def corrupting_open(*a, **kw):
            resp = real_open(*a, **kw)
            resp.headers.replace_header("ETag", '"' + "0" * 64 + '"')
            return resp

        self.client.http.open = corrupting_open
        try:
            with tempfile.TemporaryDirectory() as d:
                with self.assertRaises(ChecksumMismatch):
                    self.client.download(job["id"], "report.pdf", d)
                self.assertEqual(os.listdir(d), [])
        finally:
            del self.client.http.open

    def test_a_lost_lease_stops_the_handler_and_reports_nothing(self) -> None:
        worker = self.worker("py-lost")
        started, reasons = threading.Event(), []

        @worker.handler("py.lost")
        def long_one(ctx):
            started.set()
            ctx.wait_stop(30)
            reasons.append(ctx.stop_reason)

        with worker:
            job = self.client.submit("py.lost", queue=self.queue)
            self.assertTrue(started.wait(30))
            self.client.delete(job["id"])  # the run's lease is void from now on: heartbeats answer 404/409/410
            deadline = time.monotonic() + 30
            while not reasons and time.monotonic() < deadline:
                started.wait(0.05)  # already set: a bounded 50 ms pause between looks
        self.assertEqual(reasons, ["lease lost"])

    def test_stop_hands_unfinished_work_back_without_using_an_attempt(self) -> None:
        first = self.worker("py-stop-1")
        started = threading.Event()

        @first.handler("py.shutdown")
        def long_job(ctx):
            started.set()
            ctx.wait_stop(30)
            ctx.check()  # raises Stopped: the shutdown interrupted it

        first.start()
        job = self.client.submit("py.shutdown", queue=self.queue)
        self.assertTrue(started.wait(30))
        first.stop(grace=0.2)
        back = self.client.get(job["id"])
        self.assertIn(back["state"], ("available", "scheduled"))
        self.assertEqual(back["attempt"], 0)

        second = self.worker("py-stop-2")
        second.register("py.shutdown", lambda ctx: {"by": "second"})
        with second:
            done = self.client.wait(job["id"], timeout=30)
        self.assertEqual((done["state"], done["result"]), ("succeeded", {"by": "second"}))

    def test_stop_hands_back_a_job_whose_handler_ignores_it_once_the_grace_ends(self) -> None:
        worker = self.worker("py-stubborn")
        started, release = threading.Event(), threading.Event()

        @worker.handler("py.shutdown")
        def stubborn(ctx):
            started.set()
            release.wait(30)  # never looks at ctx.should_stop
            return {"late": True}

        worker.start()
        job = self.client.submit("py.shutdown", queue=self.queue)
        self.assertTrue(started.wait(30))
        worker.stop(grace=0.2)
        back = self.client.get(job["id"])
        release.set()
        self.assertIn(back["state"], ("available", "scheduled"))
        self.assertEqual(back["attempt"], 0)
        self.assertEqual(self.client.attempts(job["id"])[-1]["outcome"], "snoozed")

    def test_retry_fail_and_exceptions_reach_the_server_as_the_outcomes_they_mean(self) -> None:
        worker = self.worker("py-outcomes")
        calls: dict[str, int] = {}

        @worker.handler("py.snooze")
        def outcomes(ctx):
            mode = ctx.payload["mode"]
            calls[mode] = calls.get(mode, 0) + 1
            if mode == "retry" and calls[mode] == 1:
                raise Retry("upstream 503", seconds=0.1)
            if mode == "fail":
                raise Fail("bad input: no such file")
            if mode == "crash":
                raise KeyError("frames")
            return {"mode": mode, "attempt": ctx.attempt}

        with worker:
            retried = self.client.submit("py.snooze", {"mode": "retry"}, queue=self.queue, maxAttempts=3)
            failed = self.client.submit("py.snooze", {"mode": "fail"}, queue=self.queue, maxAttempts=3)
            crashed = self.client.submit("py.snooze", {"mode": "crash"}, queue=self.queue, maxAttempts=1)
            retried, failed, crashed = (self.client.wait(j["id"], timeout=30) for j in (retried, failed, crashed))
        self.assertEqual((retried["state"], retried["result"]), ("succeeded", {"mode": "retry", "attempt": 2}))
        self.assertEqual((failed["state"], calls["fail"]), ("dead", 1))  # not retried although attempts were left
        self.assertIn("bad input", failed["lastError"])
        self.assertEqual(crashed["state"], "dead")
        attempt = self.client.attempts(crashed["id"])[-1]
        self.assertEqual(attempt["errorType"], "KeyError")
        self.assertIn("Traceback", attempt["stackTrace"])


if __name__ == "__main__":
    unittest.main()
