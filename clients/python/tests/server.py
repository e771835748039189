"""Starts a real `jobvault server` for the tests: the built jar, a JDK >= 21 found as scripts/find-jdk.sh finds one,
a free loopback port, a fresh --data directory and an admin token from JOBVAULT_ADMIN_TOKEN."""
from __future__ import annotations

import glob
import os
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
TYPES = "py.video,py.slow,py.snooze,py.lost,py.shutdown,video.render"


def _jdk_major(home: str) -> int:
    java = os.path.join(home, "bin", "java")
    if not (os.access(java, os.X_OK) and os.access(os.path.join(home, "bin", "javac"), os.X_OK)):
        return 0
    out = subprocess.run([java, "-XshowSettings:properties", "-version"], capture_output=True, text=True).stderr
    m = re.search(r"java\.specification\.version = (\d+)", out)
    return int(m.group(1)) if m else 0


def find_java() -> str | None:
    candidates = [os.environ.get("JAVA_HOME", "")]
    on_path = shutil.which("java")
    if on_path:
        candidates.append(os.path.dirname(os.path.dirname(os.path.realpath(on_path))))
    candidates += sorted(glob.glob("/usr/lib/jvm/*/"), reverse=True)
    for home in filter(None, candidates):
        if _jdk_major(home.rstrip("/")) >= 21:
            return os.path.join(home.rstrip("/"), "bin", "java")
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, extra_args: list[str] | None = None) -> None:
        """``extra_args``: more ``jobvault server`` flags (the client scenarios' ``--types`` and ``--prune-interval``)."""
        self.extra_args = list(extra_args or [])
        self.token = "jv_test_" + secrets.token_hex(16)
        self.data = tempfile.mkdtemp(prefix="jobvault-py-")
        self.port = 0
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "Server":
        jar = os.environ.get("JOBVAULT_JAR") or os.path.join(ROOT, "jobvault-cli", "target", "jobvault.jar")
        if not os.path.exists(jar):
            raise unittest.SkipTest(f"no {jar}: build it first (./jobvault builds it, or mvn -DskipTests install)")
        java = find_java()
        if java is None:
            raise unittest.SkipTest("no JDK >= 21 found (JAVA_HOME, java on PATH, /usr/lib/jvm/*)")
        self.port = free_port()
        env = {**os.environ, "JOBVAULT_ADMIN_TOKEN": self.token}
        self.log = open(os.path.join(self.data, "server.log"), "wb")
        self.proc = subprocess.Popen(
            [java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-jar", jar, "server", "--demo",
             "--host", "127.0.0.1", "--port", str(self.port), "--data", os.path.join(self.data, "data"),
             "--node-id", "py-test-" + secrets.token_hex(4), "--types", TYPES, "--dashboard", "off", *self.extra_args],
            env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}: see {self.log.name}")
            try:
                with urllib.request.urlopen(self.url + "/health/ready", timeout=2):
                    return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"server did not get ready within 60 s: see {self.log.name}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if getattr(self, "log", None):
            self.log.close()
        shutil.rmtree(self.data, ignore_errors=True)


_shared: Server | None = None


def shared() -> Server:
    """One server for the whole run (started once: a JVM start costs seconds), stopped at exit."""
    global _shared
    if _shared is None:
        import atexit
        _shared = Server().start()
        atexit.register(_shared.stop)
    return _shared
