"""What the machine was doing while a figure was measured: load average and the CPU time of
the processes that are not the benchmark's own (other test runs, browsers, PostgreSQL backends
serving them).

    before = activity_start()
    ... measure ...
    activity = activity_end(before)   # {"load_average": ..., "others_cpu_s": ..., "top": [...]}

PostgreSQL backends all run as `postgres`: those serving the benchmark are counted among
"others" unless their pid is passed in `own`; the CPU column of the page figures already holds
the benchmark's own backend time.
"""

import os
import time
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def _processes():
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            head, tail = stat.read_text().rsplit(")", 1)
        except OSError:
            continue
        fields = tail.split()
        name = head.split("(", 1)[1]
        found[int(stat.parent.name)] = (name, int(fields[1]), int(fields[11]) + int(fields[12]))
    return found


def _descendants(root, table):
    family, grew = {root}, True
    while grew:
        grew = False
        for pid, (_, parent, _) in table.items():
            if parent in family and pid not in family:
                family.add(pid)
                grew = True
    return family


def load_average():
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def activity_start():
    return {"at": time.monotonic(), "table": _processes(), "load": load_average()}


def activity_end(before, own=()):
    """Load average at start and end, and other processes' CPU seconds over the interval."""
    table = _processes()
    mine = _descendants(os.getpid(), table) | set(own)
    by_name = {}
    for pid, (name, _, ticks) in table.items():
        if pid in mine:
            continue
        earlier = before["table"].get(pid)
        used = ticks - (earlier[2] if earlier and earlier[0] == name else 0)
        if used > 0:
            by_name[name] = by_name.get(name, 0) + used
    seconds = time.monotonic() - before["at"]
    top = sorted(by_name.items(), key=lambda item: -item[1])[:5]
    total = sum(by_name.values()) / TICK
    return {
        "seconds": round(seconds, 1),
        "load_average_start": before["load"],
        "load_average_end": load_average(),
        "others_cpu_s": round(total, 1),
        "others_cores": round(total / seconds, 2) if seconds else None,
        "top": [[name, round(ticks / TICK, 1)] for name, ticks in top],
    }


def describe(activity):
    if not activity:
        return ""
    top = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in activity["top"])
    return (
        f"tải máy {activity['load_average_start']} → {activity['load_average_end']}; "
        f"tiến trình khác dùng {activity['others_cpu_s']:.0f} s CPU trong "
        f"{activity['seconds']:.0f} s (≈ {activity['others_cores']} nhân): {top}"
    )


def database_backends():
    """Pids of the PostgreSQL backends connected to this database (the benchmark's own)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        return [row[0] for row in cursor.fetchall()]
