"""Server time and query count of the portal's pages and of Django's admin, in process.

Each page is requested through django.test.Client as the persona who would open it, a few
times to warm up, then `reps` times; every request runs inside CaptureQueriesContext.

Besides the wall-clock times, `measure` reports `cpu_ms`: the CPU time one request costs, this
process's (time.process_time) plus its PostgreSQL backend's (utime + stime of the backend in
/proc, when the server runs on this machine), averaged over the measured requests. On a
machine shared with other work the wall-clock p95 mostly measures the queue for a core; the
CPU time is what the page itself costs.
"""

import math
import os
import re
import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

PLACEHOLDER = "Chức năng này đang được xây dựng"
SLOW_SECONDS = 2.0  # a page slower than this is measured fewer times (see README)
COLD_REPS = 10  # requests right after a write, per page


def percentile(values, pct):
    """Nearest-rank percentile: with 20 samples, p95 is the 19th slowest."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def fetch(client, url):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
    return response, elapsed, len(queries)


def backend_cpu_seconds():
    """CPU seconds used so far by this connection's PostgreSQL backend (None when unknown)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()  # noqa: SIM115
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(client, url, reps, warmup=3):
    response = None
    for _ in range(warmup):
        response, elapsed, _ = fetch(client, url)
    if response.status_code != 200:
        return {"url": url, "status": response.status_code, "note": f"HTTP {response.status_code}"}
    body = response.content.decode("utf-8", "replace")
    if PLACEHOLDER in body:
        return {"url": url, "status": 200, "note": "chưa có trang (trang “đang xây dựng”)"}
    if elapsed > SLOW_SECONDS:
        reps = max(5, reps // 4)
    times, counts = [], []
    backend_before, process_before = backend_cpu_seconds(), time.process_time()
    for _ in range(reps):
        response, elapsed, n = fetch(client, url)
        times.append(elapsed * 1000)
        counts.append(n)
    process = time.process_time() - process_before
    backend_after = backend_cpu_seconds()
    backend = backend_after - backend_before if backend_before is not None else 0
    return {
        "url": url,
        "cpu_ms": round((process + backend) * 1000 / reps, 1),
        "status": response.status_code,
        "reps": reps,
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 95), 1),
        # The usual count: a request that renews the session (at most once a minute) runs
        # a few more (saving it), which says nothing about the page.
        "queries": statistics.mode(counts),
        "queries_max": max(counts),
        "bytes": len(response.content),
        "load_average": round(os.getloadavg()[0], 2),
        "note": "",
    }


_writes = None


def a_write():
    """One real write, as a user makes it: the commune officer edits one of their models
    through the registry's workflow (`bench/writes.py`): history row, version, summary rows."""
    global _writes  # noqa: PLW0603 — one writer for the run, made on first use
    if _writes is None:
        from writes import Writes

        _writes = Writes()
    _writes.next()


def measure_cold(client, url, reps=COLD_REPS):
    """The page as the first request right after a write sees it."""
    times, counts = [], []
    for _ in range(reps):
        a_write()
        response, elapsed, n = fetch(client, url)
        if response.status_code != 200:
            return {"note": f"HTTP {response.status_code}"}
        times.append(elapsed * 1000)
        counts.append(n)
    return {
        "reps": reps,
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 95), 1),
        # The usual count: a request that renews the session (at most once a minute) runs
        # a few more (saving it), which says nothing about the page.
        "queries": statistics.mode(counts),
        "queries_max": max(counts),
        "load_average": round(os.getloadavg()[0], 2),
    }


def last_page(client, url, param):
    """The highest `param=N` the first page links to (its "last page" link)."""
    response = client.get(url)
    if response.status_code != 200:
        return None
    numbers = [int(n) for n in re.findall(rf"[?&;]{param}=(\d+)", response.content.decode())]
    return max(numbers) if numbers else None


def run(personas, model_id, district, reps):
    """Rows of (name, portal result, admin result or None)."""
    from models_registry.models import DvkModel

    reviewer = client_for(personas["tinh"])
    district_officer = client_for(personas["chodon"])
    commune_officer = client_for(personas["bangthanh"])
    admin = client_for(personas["quantri"])
    admin_list = "/quan-tri/models_registry/dvkmodel/"

    last = last_page(reviewer, "/mo-hinh/", "trang")
    admin_last = last_page(admin, admin_list, "p")
    if admin_last is None:
        admin_last = max(1, math.ceil(DvkModel.objects.count() / 100))

    rows = [
        ("Danh sách mô hình, không lọc", reviewer, "/mo-hinh/", f"{admin_list}"),
        (
            "Lọc theo huyện và năm (Chợ Đồn, 2023)",
            reviewer,
            "/mo-hinh/?don_vi=064&nam=2023",
            f"{admin_list}?unit__id__exact={district.pk}&year__exact=2023",
        ),
        ("Tìm không dấu “na hin”", reviewer, "/mo-hinh/?q=na+hin", f"{admin_list}?q=na+hin"),
        (
            "Trang cuối",
            reviewer,
            f"/mo-hinh/?trang={last}" if last else "/mo-hinh/?trang=999999",
            f"{admin_list}?p={admin_last}",
        ),
        (
            "Chi tiết một mô hình",
            reviewer,
            f"/mo-hinh/{model_id}/",
            f"{admin_list}{model_id}/change/",
        ),
        ("Danh sách của cán bộ huyện (Chợ Đồn)", district_officer, "/mo-hinh/", None),
        ("Danh sách của cán bộ xã (Bằng Thành)", commune_officer, "/mo-hinh/", None),
        ("Hàng đợi người chấm", reviewer, "/danh-gia/hang-doi/", None),
        ("Thống kê toàn tỉnh, năm 2023", reviewer, "/thong-ke/?don_vi=06&nam=2023", None),
        (
            "Thống kê Xã Bằng Thành, 2019–2026",
            reviewer,
            "/thong-ke/?don_vi=01864&tu_nam=2019&den_nam=2026",
            None,
        ),
    ]
    results = []
    for name, client, url, admin_url in rows:
        portal = measure(client, url, reps)
        if "median_ms" in portal:
            portal["cold"] = measure_cold(client, url)
        other = measure(admin, admin_url, reps) if admin_url else None
        results.append({"name": name, "portal": portal, "admin": other})
        print(f"  {name}: {describe(portal)}" + (f" | admin: {describe(other)}" if other else ""))
    return results


def describe(result):
    if "median_ms" not in result:
        return result["note"]
    text = f"{result['median_ms']} ms (p95 {result['p95_ms']} ms), {result['queries']} truy vấn"
    if result.get("cpu_ms") is not None:
        text += f", CPU {result['cpu_ms']} ms"
    cold = result.get("cold") or {}
    if "median_ms" in cold:
        text += f"; sau một lần ghi {cold['median_ms']} ms (p95 {cold['p95_ms']} ms)"
    return text
