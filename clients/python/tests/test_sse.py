"""The hand-written event-stream reader, and the polling fallback when a stream cannot be opened."""
import io
import unittest

from jobvault import JobvaultClient, JobvaultError
from jobvault.sse import SseMessage, read_events


class SseTest(unittest.TestCase):
    def test_events_with_ids_multi_line_data_comments_and_crlf(self) -> None:
        stream = io.BytesIO(b": keep-alive\n\nid: 7\nevent: state\ndata: {\"a\":\ndata: 1}\n\n"
                            b"event: progress\r\ndata:{\"b\": 2}\r\n\r\ndata: tail without a blank line")
        self.assertEqual(list(read_events(stream)), [
            SseMessage("state", '{"a":\n1}', "7"),
            SseMessage("progress", '{"b": 2}', "7"),  # the last id stays until a new one comes
        ])


class PollingFallbackTest(unittest.TestCase):
    def test_a_stream_that_cannot_be_opened_falls_back_to_polling(self) -> None:
        client = JobvaultClient("http://127.0.0.1:9", "t")
        states = iter(["running", "succeeded"])

        def fake_open(method, path, **kw):
            raise JobvaultError(0, "connection", "Cannot reach the server", path)

        client.http.open = fake_open
        client.get = lambda job_id: {"id": job_id, "state": next(states), "progress": None}
        events = list(client.events("j1", poll_interval=0))
        self.assertEqual([e.job["state"] for e in events], ["running", "succeeded"])
        self.assertEqual([e.event for e in events], ["state", "state"])

    def test_problems_before_the_stream_are_raised_not_polled(self) -> None:
        client = JobvaultClient("http://127.0.0.1:9", "t")

        def forbidden(method, path, **kw):
            raise JobvaultError(403, "https://jobvault.io/problems/forbidden", "Forbidden", "no")

        client.http.open = forbidden
        with self.assertRaises(JobvaultError) as e:
            list(client.events("j1"))
        self.assertEqual(e.exception.slug, "forbidden")


if __name__ == "__main__":
    unittest.main()
