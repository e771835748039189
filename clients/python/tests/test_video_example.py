"""examples/video_worker.py as a deploy runs it: SIGTERM in the middle of a render, a new process resumes it."""
import os
import signal
import subprocess
import sys
import tempfile
import time
import unittest

import server
from jobvault import JobvaultClient

EXAMPLE = os.path.join(os.path.dirname(__file__), "..", "examples", "video_worker.py")


class VideoWorkerExampleTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.server = server.shared()
        cls.client = JobvaultClient(cls.server.url, cls.server.token)

    def start_worker(self, work_dir: str, name: str) -> subprocess.Popen:
        proc = subprocess.Popen([sys.executable, EXAMPLE, "--url", self.server.url, "--token", self.server.token,
                                 "--queue", "video-example", "--work-dir", work_dir, "--name", name,
                                 "--heartbeat", "0.2"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.addCleanup(self.stop_worker, proc)
        self.assertIn(b"ready", proc.stdout.readline())
        return proc

    @staticmethod
    def stop_worker(proc: subprocess.Popen) -> None:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        proc.stdout.close()

    def test_a_render_survives_a_restart_in_the_middle(self) -> None:
        with tempfile.TemporaryDirectory() as work:
            first = self.start_worker(work, "video-a")
            job = self.client.submit("video.render", {"src": "talk.mov", "frames": 60, "frameMs": 50},
                                     queue="video-example")
            for event in self.client.events(job["id"]):
                if (event.job.get("progress") or {}).get("percent", 0) >= 30:
                    break
            first.send_signal(signal.SIGTERM)
            self.assertEqual(first.wait(30), 0)
            back = self.client.get(job["id"])
            self.assertNotEqual(back["state"], "succeeded")
            self.assertEqual(back["attempt"], 0)  # handed back by the snooze: the restart cost no attempt

            self.start_worker(work, "video-b")
            done = self.client.wait(job["id"], timeout=60)
            self.assertEqual(done["state"], "succeeded")
            self.assertGreater(done["result"]["resumedFrom"], 0)
            path = self.client.download(job["id"], "clip.mp4", work)
            self.assertEqual(os.path.getsize(path), 60 * 1024)
            self.assertEqual(os.listdir(work), ["clip.mp4"])  # checkpoint and partial file cleaned up


if __name__ == "__main__":
    unittest.main()
