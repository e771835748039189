"""JobvaultClient against a real server: submit, wait, idempotency, 404/410, lists, events, cancel, schedules."""
import threading
import unittest
import uuid

import server
from jobvault import JobvaultClient, JobvaultError, Worker


class ClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.server = server.shared()
        cls.client = JobvaultClient(cls.server.url, cls.server.token)

    def test_submit_and_wait_until_it_succeeds(self) -> None:
        job = self.client.submit("demo.sleep", {"ms": 50}, labels={"suite": "python"})
        self.assertEqual(job["submitStatus"], "created")
        done = self.client.wait(job["id"], timeout=30)
        self.assertEqual(done["state"], "succeeded")
        self.assertEqual(done["labels"], {"suite": "python"})

    def test_a_duplicate_idempotency_key_answers_the_first_job_and_a_different_body_is_409(self) -> None:
        key = "py-" + uuid.uuid4().hex
        first = self.client.submit("demo.sleep", {"ms": 1}, idempotency_key=key)
        again = self.client.submit("demo.sleep", {"ms": 1}, idempotency_key=key)
        self.assertEqual(again["submitStatus"], "duplicate")
        self.assertEqual(again["id"], first["id"])
        with self.assertRaises(JobvaultError) as e:
            self.client.submit("demo.sleep", {"ms": 2}, idempotency_key=key)
        self.assertEqual((e.exception.status, e.exception.slug), (409, "idempotency-key-reused"))

    def test_unknown_id_is_404_and_a_deleted_job_is_410(self) -> None:
        with self.assertRaises(JobvaultError) as unknown:
            self.client.get(str(uuid.uuid4()))
        self.assertEqual((unknown.exception.status, unknown.exception.slug), (404, "job-not-found"))
        self.assertTrue(unknown.exception.title)
        self.assertTrue(unknown.exception.hint)
        job = self.client.submit("demo.sleep", {"ms": 1})
        self.client.delete(job["id"])
        with self.assertRaises(JobvaultError) as gone:
            self.client.get(job["id"])
        self.assertEqual((gone.exception.status, gone.exception.slug), (410, "job-deleted"))

    def test_problems_carry_the_servers_fields(self) -> None:
        with self.assertRaises(JobvaultError) as e:
            self.client.submit("py.no-such-type")
        p = e.exception
        self.assertEqual((p.status, p.slug, p.title), (422, "unknown-job-type", "Unknown job type"))
        self.assertIn("py.no-such-type", p.detail)
        self.assertTrue(p.hint and p.errors)

    def test_list_pages_through_every_match(self) -> None:
        label = "batch=" + uuid.uuid4().hex
        ids = {self.client.submit("demo.sleep", {"ms": 1}, labels={"batch": label[6:]})["id"] for _ in range(5)}
        first = self.client.list(label=label, limit=2)
        self.assertEqual(len(first.items), 2)
        self.assertIsNotNone(first.next_cursor)
        self.assertEqual({j["id"] for j in self.client.iter_jobs(label=label, page_size=2)}, ids)

    def test_events_stream_until_the_job_finishes_and_polling_gives_the_same_end(self) -> None:
        job = self.client.submit("demo.sleep", {"ms": 300})
        events = list(self.client.events(job["id"]))
        self.assertEqual(events[-1].job["state"], "succeeded")
        self.assertTrue(all(e.event in ("state", "progress") for e in events))
        polled = list(self.client.events(job["id"], sse=False, poll_interval=0.1))
        self.assertEqual(polled[-1].job["state"], "succeeded")
        with self.assertRaises(JobvaultError) as e:
            list(self.client.events(str(uuid.uuid4())))
        self.assertEqual(e.exception.status, 404)

    def test_cancel_stops_a_running_job(self) -> None:
        queue = "py-cancel-" + uuid.uuid4().hex[:8]
        started, stopped = threading.Event(), []
        worker = Worker(self.client, [queue], name="py-cancel", heartbeat_interval=0.2, poll_wait=1)

        @worker.handler("py.slow")
        def slow(ctx):
            started.set()
            ctx.wait_stop(30)
            stopped.append(ctx.stop_reason)
            return {"finished": True}

        with worker:
            job = self.client.submit("py.slow", queue=queue)
            self.assertTrue(started.wait(30))
            self.assertEqual(self.client.get(job["id"])["state"], "running")
            self.client.cancel(job["id"])
            self.assertEqual(self.client.wait(job["id"], timeout=30)["state"], "cancelled")
        self.assertEqual(stopped, ["cancelled"])

    def test_a_read_token_reads_its_job_and_nothing_else(self) -> None:
        job = self.client.submit("demo.sleep", {"ms": 1}, read_token=True)
        reader = JobvaultClient(self.server.url, job["readToken"]["token"])
        self.assertEqual(reader.wait(job["id"], timeout=30)["state"], "succeeded")
        self.assertEqual(list(reader.events(job["id"]))[-1].job["state"], "succeeded")
        with self.assertRaises(JobvaultError) as e:
            reader.cancel(job["id"])
        self.assertEqual(e.exception.status, 403)

    def test_schedules_are_listed_and_triggered(self) -> None:
        sid = "py-" + uuid.uuid4().hex[:8]
        self.client.put_schedule(sid, {"every": "PT24H", "job": {"type": "demo.sleep", "payload": {"ms": 1}}})
        self.assertIn(sid, [s["id"] for s in self.client.schedules()])
        fired = self.client.trigger(sid, "python client test", fire="none")
        self.assertEqual(fired["schedule"], sid)
        self.assertEqual(self.client.wait(fired["jobs"][0], timeout=30)["state"], "succeeded")


if __name__ == "__main__":
    unittest.main()
