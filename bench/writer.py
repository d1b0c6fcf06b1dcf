"""The load run's second process: a registration or an edit every 0.5 s while wrk reads.

    python bench/writer.py --seconds 30 [--interval 0.5]

Run with the same environment as gunicorn (bench/server.py `production_env`). Prints READY once
Django is set up, then writes through the registry's workflow (bench/writes.py: edits and
registrations alternate) until the time is up, and ends with one line
`WRITER_JSON {...}`: writes made, errors (with the first messages), time per write. The
registrations it made are deleted at the end.
"""

import argparse
import json
import statistics
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(1, str(HERE))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--interval", type=float, default=0.5)
    args = parser.parse_args()

    import django

    django.setup()
    import writes
    from django.db import close_old_connections

    plan = writes.Writes(registrations=True)
    made = {"edit": 0, "registration": 0}
    errors, messages, times = 0, [], []
    print("READY", flush=True)
    started = time.monotonic()
    due = started
    try:
        while time.monotonic() - started < args.seconds:
            due += args.interval
            began = time.perf_counter()
            try:
                kind, _ = plan.next()
                made[kind] += 1
            except Exception as exc:  # noqa: BLE001 — counted and reported
                errors += 1
                if len(messages) < 5:
                    messages.append(f"{type(exc).__name__}: {exc}"[:300])
                    traceback.print_exc()
                close_old_connections()
            times.append((time.perf_counter() - began) * 1000)
            time.sleep(max(0.0, due - time.monotonic()))
    finally:
        removed = writes.remove_registrations()
    elapsed = time.monotonic() - started
    ordered = sorted(times) or [0]
    result = {
        "seconds": round(elapsed, 1),
        "interval": args.interval,
        "writes": made["edit"] + made["registration"],
        "edits": made["edit"],
        "registrations": made["registration"],
        "errors": errors,
        "error_messages": messages,
        "write_ms": {
            "median": round(statistics.median(ordered), 1),
            "p95": round(ordered[max(0, int(len(ordered) * 0.95 + 0.999) - 1)], 1),
            "max": round(ordered[-1], 1),
        },
        "registrations_removed": removed,
    }
    print("WRITER_JSON " + json.dumps(result, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
