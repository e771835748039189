#!/usr/bin/env python3
"""A video-processing worker: renders a clip frame by frame, reports progress, uploads the result as an artifact.

A render takes minutes, and a deploy restarts the worker in the middle of one. So the worker checkpoints every
few frames to --work-dir, and on SIGTERM hands the job back (no attempt used); whichever worker claims it next
resumes from the checkpoint instead of frame 0 (give restarts the same --work-dir, a shared disk for several hosts).

    JOBVAULT_URL=http://127.0.0.1:8080 JOBVAULT_TOKEN=jv_… python3 examples/video_worker.py --work-dir /var/tmp/render
    JOBVAULT_URL=… JOBVAULT_TOKEN=… python3 examples/video_worker.py --submit clip.mov --frames 240
"""
from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from jobvault import JobContext, JobvaultClient, Worker  # noqa: E402

CHECKPOINT_EVERY = 5


def make_handler(work_dir: str):
    def render(ctx: JobContext) -> dict:
        frames = int(ctx.payload.get("frames", 100))
        frame_ms = int(ctx.payload.get("frameMs", 50))
        state_file = os.path.join(work_dir, f"{ctx.id}.json")
        part_file = os.path.join(work_dir, f"{ctx.id}.part")
        start = 0
        if os.path.exists(state_file):
            with open(state_file) as f:
                start = json.load(f)["frame"]
        with open(part_file, "r+b" if start else "wb") as out:
            out.truncate(start * 1024)  # the checkpoint is authoritative: drop frames written after it
            out.seek(start * 1024)
            for frame in range(start, frames):
                ctx.check()  # raises Stopped on SIGTERM or cancel: the last checkpoint is kept
                ctx.wait_stop(frame_ms / 1000)  # stands in for the real encoding work
                out.write(hashlib.sha256(f"{ctx.payload.get('src')}:{frame}".encode()).digest() * 32)
                done = frame + 1
                if done % CHECKPOINT_EVERY == 0 or done == frames:
                    out.flush()
                    os.fsync(out.fileno())
                    with open(state_file + ".tmp", "w") as f:
                        json.dump({"frame": done}, f)
                    os.replace(state_file + ".tmp", state_file)
                ctx.progress(done * 100 // frames, f"frame {done}/{frames}")
        uploaded = ctx.upload("clip.mp4", part_file, "video/mp4")
        os.unlink(part_file)
        os.unlink(state_file)
        return {"frames": frames, "resumedFrom": start, "sha256": uploaded["sha256"]}
    return render


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--url", default=os.environ.get("JOBVAULT_URL", "http://127.0.0.1:8080"))
    p.add_argument("--token", default=os.environ.get("JOBVAULT_TOKEN"), help="a token with scope work (default $JOBVAULT_TOKEN)")
    p.add_argument("--queue", default="video")
    p.add_argument("--work-dir", default="./render-work")
    p.add_argument("--name", default="video-1")
    p.add_argument("--heartbeat", type=float, default=10.0, help="seconds between heartbeats")
    p.add_argument("--submit", metavar="SRC", help="submit a video.render job of SRC, follow it, and exit")
    p.add_argument("--frames", type=int, default=100)
    args = p.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    client = JobvaultClient(args.url, args.token)
    if args.submit:
        job = client.submit("video.render", {"src": args.submit, "frames": args.frames}, queue=args.queue)
        for event in client.events(job["id"]):
            print(event.job["state"], (event.job.get("progress") or {}).get("message", ""), flush=True)
        return
    os.makedirs(args.work_dir, exist_ok=True)
    worker = Worker(client, [args.queue], name=args.name, concurrency=2, heartbeat_interval=args.heartbeat, poll_wait=5)
    worker.register("video.render", make_handler(args.work_dir))
    print(f"worker {args.name} ready", flush=True)
    worker.run(grace=10)


if __name__ == "__main__":
    main()
