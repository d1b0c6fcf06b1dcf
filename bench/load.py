"""Load on a real server: gunicorn (4 workers) driven by wrk with logged-in sessions, while a
second process (bench/writer.py) registers or edits a model every 0.5 s."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import machine

HERE = Path(__file__).resolve().parent


def ensure_wrk():
    if shutil.which("wrk"):
        return True
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("  Cài wrk từ Debian (apt-get install -y wrk)…")
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=False)  # noqa: S607
    return bool(shutil.which("wrk"))


def make_session(user):
    """A logged-in session row for `user`, as the login view would leave it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.middleware import mark_seen

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    mark_seen(session)
    session.set_expiry(3600)
    session.create()
    return session.session_key


def plan(personas, detail_ids, usable):
    """(session key, path) pairs: list, filtered list, search, detail, statistics."""
    reviewer_keys = [make_session(personas["tinh"]) for _ in range(4)]
    district_key = make_session(personas["chodon"])
    items = []
    for n, key in enumerate(reviewer_keys):
        items += [
            (key, "/mo-hinh/"),
            (key, "/mo-hinh/?don_vi=064&nam=2023"),
            (key, "/mo-hinh/?q=na+hin"),
            (key, f"/mo-hinh/{detail_ids[n % len(detail_ids)]}/"),
            (key, f"/mo-hinh/{detail_ids[(n + 5) % len(detail_ids)]}/"),
            (key, "/thong-ke/?don_vi=06&nam=2023"),
        ]
    items += [(district_key, "/mo-hinh/"), (district_key, "/mo-hinh/?q=na+hin")]
    kept = [(k, p) for k, p in items if usable(p)]
    return kept, sorted({p for _, p in items} - {p for _, p in kept})


def start_writer(env, seconds, interval):
    """bench/writer.py in its own process, with gunicorn's environment; returns once it is ready."""
    process = subprocess.Popen(  # noqa: S603 — the project's own script
        [sys.executable, str(HERE / "writer.py"), f"--seconds={seconds}", f"--interval={interval}"],
        cwd=HERE.parent,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = process.stdout.readline()
    if not line.startswith("READY"):
        _, err = process.communicate(timeout=60)
        raise RuntimeError(f"bench/writer.py không khởi động được: {line} {err[-500:]}")
    return process


def writer_result(process, seconds):
    out, err = process.communicate(timeout=seconds + 120)
    line = next((x for x in out.splitlines() if x.startswith("WRITER_JSON ")), None)
    if line is None:
        return {"writes": 0, "errors": 1, "error_messages": [err[-500:]]}
    return json.loads(line[len("WRITER_JSON ") :])


def run(
    server,
    personas,
    detail_ids,
    usable,
    seconds=30,
    connections=8,
    threads=2,
    write_interval=0.5,
):
    if not ensure_wrk():
        return {"skipped": "không có wrk (apt-get install wrk)"}
    items, left_out = plan(personas, detail_ids, usable)
    if not items:
        return {"skipped": "chưa có trang nào trả lời 200 để đo tải"}
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as fh:
        fh.write("".join(f"{k}\t{p}\n" for k, p in items))
        requests_file = fh.name
    env = dict(os.environ, BENCH_REQUESTS=requests_file)
    wrk = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        "--timeout",
        "10s",
        "-s",
        str(HERE / "session.lua"),
    ]
    # Warm up every worker (templates, connections), then measure.
    subprocess.run([*wrk, "-d5s", server.base], env=env, capture_output=True, check=False)  # noqa: S603
    rss_start = server.worker_rss_kib()
    activity = machine.activity_start()
    writer = start_writer(server.env, seconds, write_interval) if write_interval else None
    done = subprocess.run(  # noqa: S603
        [*wrk, f"-d{seconds}s", server.base], env=env, capture_output=True, text=True, check=False
    )
    rss_end = server.worker_rss_kib()
    written = writer_result(writer, seconds) if writer else None
    activity = machine.activity_end(activity, own=machine.database_backends())
    os.unlink(requests_file)
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH_JSON ")), None)
    if line is None:
        return {"skipped": f"wrk không trả kết quả: {done.stdout[-500:]} {done.stderr[-500:]}"}
    raw = json.loads(line[len("BENCH_JSON ") :])
    total = raw["requests"]
    read_errors = (
        raw["non_200"]
        + raw["connect_errors"]
        + raw["read_errors"]
        + raw["write_errors"]
        + raw["timeouts"]
    )
    write_errors = written["errors"] if written else 0
    errors = read_errors + write_errors
    notes = []
    if total == 0:
        notes.append(
            f"không yêu cầu nào xong trong {seconds} giây: mỗi trang chậm hơn thời gian đo khi "
            f"{connections} kết nối dùng chung {server.workers} worker"
        )
    return {
        "notes": notes,
        "seconds": seconds,
        "connections": connections,
        "threads": threads,
        "paths": sorted({p for _, p in items}),
        "left_out": left_out,
        "requests": total,
        "rps": round(total / (raw["duration_us"] / 1e6), 1),
        "errors": errors,
        "read_errors": read_errors,
        "error_rate": round(read_errors / total, 4) if total else None,
        "writer": written,
        "machine": activity,
        "latency_ms": {
            k: round(raw[f"{k}_us"] / 1000, 1) for k in ("p50", "p90", "p95", "p99", "max")
        },
        "rss_start_mib": {str(pid): round(kib / 1024, 1) for pid, kib in rss_start.items() if kib},
        "rss_end_mib": {str(pid): round(kib / 1024, 1) for pid, kib in rss_end.items() if kib},
        "raw": raw,
    }
