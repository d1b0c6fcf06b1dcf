"""gunicorn on 127.0.0.1 with production settings (DEBUG=0), plain HTTP for the benchmark."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def production_env(database_url, static_root):
    """The production settings of the README, except HTTPS: the benchmark talks to loopback."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "danvan.settings",
            "DATABASE_URL": database_url,
            "DEBUG": "0",
            "SECRET_KEY": env.get("SECRET_KEY") or "bench-only-" + os.urandom(16).hex(),
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_HSTS_SECONDS": "0",
            "STATIC_ROOT": str(static_root),
            "LOG_LEVEL": "ERROR",
            # The admin's change list is measured signed in with force_login (no one-time code).
            "TWO_FACTOR_REQUIRED_FOR_ADMINISTRATORS": "0",
        }
    )
    return env


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def children(pid):
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return sorted(found)


class Gunicorn:
    def __init__(self, env, workers=4):
        self.env = env
        self.workers = workers
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None

    def __enter__(self):
        command = [
            str(VENV_BIN / "gunicorn"),
            "danvan.wsgi",
            "-w",
            str(self.workers),
            "-b",
            f"127.0.0.1:{self.port}",
            "--log-level",
            "warning",
        ]
        self.log = open(Path(self.env["STATIC_ROOT"]).parent / "gunicorn.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(  # noqa: S603 — our own venv's gunicorn
            command, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn đã dừng khi khởi động; xem gunicorn.log")
            try:
                with urllib.request.urlopen(self.base + "/dang-nhap/", timeout=5) as r:  # noqa: S310
                    if r.status == 200 and len(children(self.process.pid)) >= self.workers:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.3)
        raise RuntimeError("gunicorn không trả lời sau 60 giây")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()

    def worker_rss_kib(self):
        return {pid: rss_kib(pid) for pid in children(self.process.pid)}
