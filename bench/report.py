"""The results table: printed, and written to bench/results/<date>-<size>.md and .json."""

import json
import os
import platform
from datetime import datetime
from pathlib import Path

from machine import describe as describe_activity

RESULTS = Path(__file__).resolve().parent / "results"
PAGE_TARGET_MS = 150
ADMIN_FACTOR = 3
LOAD_TARGET_RPS = 150  # with a registration or an edit every 0.5 s beside the reads
LOAD_TARGET_P95_MS = 300
RSS_FLAT_MIB = 10  # "flat worker memory": no worker grows by more than this during the run
FIRST_VISIT_KB = 150
REPEAT_VISIT_KB = 30


def machine():
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {
        "nproc": os.cpu_count(),
        "memory": memory,
        "cpu": cpu,
        "python": platform.python_version(),
        "system": platform.platform(),
    }


def _ms(result):
    if not result:
        return "", "", ""
    if "median_ms" not in result:
        return result.get("note", ""), "", ""
    return f"{result['median_ms']:.1f}", f"{result['p95_ms']:.1f}", str(result["queries"])


def verdicts(data, previous=None):
    """Targets met or missed, in plain words."""
    lines = []
    size = data["size"]
    for row in data["pages"]:
        portal, admin = row["portal"], row["admin"]
        if "p95_ms" not in portal:
            lines.append(
                f"- {row['name']}: KHÔNG ĐO ĐƯỢC — {portal.get('note')} ({portal['url']})."
            )
            continue
        ok = portal["p95_ms"] <= PAGE_TARGET_MS
        text = f"- {row['name']}: p95 {portal['p95_ms']:.0f} ms {'đạt' if ok else 'KHÔNG ĐẠT'} (≤ {PAGE_TARGET_MS} ms)"
        cold = portal.get("cold") or {}
        if "p95_ms" in cold:
            cold_ok = cold["p95_ms"] <= PAGE_TARGET_MS
            text += f", ngay sau một lần sửa p95 {cold['p95_ms']:.0f} ms {'đạt' if cold_ok else 'KHÔNG ĐẠT'}"
        if portal.get("load_average"):
            text += f" (tải máy {portal['load_average']})"
        if admin and "median_ms" in admin:
            factor = admin["median_ms"] / portal["median_ms"] if portal["median_ms"] else 0
            text += f"; nhanh hơn trang quản trị {factor:.1f} lần"
            # The 3× target is the list's, beside the admin's change list (not its change form).
            if not admin["url"].endswith("/change/"):
                text += f" ({'đạt' if factor >= ADMIN_FACTOR else 'KHÔNG ĐẠT'} ≥ {ADMIN_FACTOR}×)"
        if previous:
            before = next((r for r in previous["pages"] if r["name"] == row["name"]), None)
            if before and "queries" in before["portal"]:
                same = before["portal"]["queries"] == portal["queries"]
                text += (
                    f"; số truy vấn {before['portal']['queries']} → {portal['queries']} "
                    f"({previous['size']:,} → {size:,} mô hình: {'không tăng' if same else 'THAY ĐỔI'})"
                )
        lines.append(text + ".")
    load = data.get("load") or {}
    if "rps" in load:
        lines.append(load_verdict(load))
    elif load:
        lines.append(f"- Tải: không đo — {load.get('skipped')}.")
    weight = data.get("weight") or {}
    if "first" in weight:
        first = weight["first"]["transferred"] / 1024
        repeat = weight["repeat"]["transferred"] / 1024
        lines.append(
            f"- Trọng lượng trang lần đầu {first:.1f} KB {'đạt' if first < FIRST_VISIT_KB else 'KHÔNG ĐẠT'} (< {FIRST_VISIT_KB} KB); "
            f"lần sau {repeat:.1f} KB {'đạt' if repeat < REPEAT_VISIT_KB else 'KHÔNG ĐẠT'} (< {REPEAT_VISIT_KB} KB)."
        )
    elif weight:
        lines.append(f"- Trọng lượng trang: không đo — {weight.get('skipped')}.")
    return lines


def rss_growth_mib(load):
    """The largest growth of one worker's memory over the run (MiB), or None."""
    start, end = load.get("rss_start_mib") or {}, load.get("rss_end_mib") or {}
    grown = [end[pid] - start[pid] for pid in start if pid in end]
    return max(grown) if grown else None


def load_verdict(load):
    writer = load.get("writer") or {}
    p95 = load["latency_ms"]["p95"]
    grown = rss_growth_mib(load)
    checks = [
        (load["rps"] >= LOAD_TARGET_RPS and load["requests"] > 0, f"≥ {LOAD_TARGET_RPS}/giây"),
        (p95 <= LOAD_TARGET_P95_MS, f"p95 ≤ {LOAD_TARGET_P95_MS} ms"),
        (load["errors"] == 0, "0 lỗi đọc và ghi"),
        (grown is not None and grown <= RSS_FLAT_MIB, f"bộ nhớ worker tăng ≤ {RSS_FLAT_MIB} MiB"),
        (not load.get("writer") or writer.get("writes", 0) > 0, "có ghi trong khi đọc"),
    ]
    missed = [label for ok, label in checks if not ok]
    grown_text = f"{grown:+.1f} MiB" if grown is not None else "không rõ"
    return (
        f"- Tải: {load['rps']:.0f} yêu cầu/giây, p95 {p95:.0f} ms, lỗi đọc "
        f"{load.get('read_errors', load['errors'])}, ghi {writer.get('writes', 0)} lần "
        f"(lỗi ghi {writer.get('errors', 0)}), bộ nhớ worker {grown_text} — "
        + ("đạt" if not missed else "KHÔNG ĐẠT: " + ", ".join(missed))
        + f" ({', '.join(label for _, label in checks)})."
    )


def markdown(data, previous=None):
    m = data["machine"]
    out = [
        f"# Kết quả đo hiệu năng — {data['size']:,} mô hình".replace(",", "."),
        "",
        f"- Ngày: {data['date']}",
        f"- Máy: {m['nproc']} nhân ({m['cpu']}), bộ nhớ {m['memory']}, Python {m['python']}",
        f"- Cơ sở dữ liệu: {data['database']}",
        f"- Tải máy khi đo xong (1, 5, 15 phút): {data.get('load_average', '')}",
        f"- Trong khi đo thời gian trang: {describe_activity(data.get('pages_machine'))}",
        f"- Sinh dữ liệu: {data['generation']}",
        f"- Mỗi trang: {data['reps']} lần đo sau khi làm nóng; thời gian phía máy chủ (django.test.Client trong tiến trình, DEBUG=0).",
        "",
        "## Thời gian trang (ms) và số truy vấn",
        "",
        "Cột “sau một lần sửa”: mỗi yêu cầu là yêu cầu đầu tiên ngay sau một lần sửa thật (cán bộ xã Bằng Thành sửa một mô hình qua quy trình của sổ đăng ký, như biểu mẫu sửa: dòng lịch sử, phiên bản, các dòng tổng hợp PlaceFact). Cột “CPU”: thời gian CPU một yêu cầu tốn (tiến trình Django và tiến trình PostgreSQL phục vụ nó), không phụ thuộc máy đang bận. Cột “Tải máy”: tải trung bình 1 phút khi đo xong trang đó.",
        "",
        "| Trang | Trung vị | p95 | Truy vấn | CPU | Sau một lần sửa: trung vị | p95 | Truy vấn | Tải máy | Quản trị Django: trung vị | p95 | Truy vấn | URL |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in data["pages"]:
        p = _ms(row["portal"])
        c = _ms(row["portal"].get("cold"))
        a = _ms(row["admin"])
        out.append(
            f"| {row['name']} | {p[0]} | {p[1]} | {p[2]} | {row['portal'].get('cpu_ms', '')} | {c[0]} | {c[1]} | {c[2]} | {row['portal'].get('load_average', '')} | {a[0]} | {a[1]} | {a[2]} | `{row['portal']['url']}` |"
        )
    load = data.get("load") or {}
    out += ["", "## Tải (gunicorn 4 worker + wrk, 127.0.0.1, cùng lúc có ghi)", ""]
    if "rps" in load:
        lat = load["latency_ms"]
        out += [
            f"- {load['seconds']} giây, {load['connections']} kết nối, {load['threads']} luồng wrk; {load['requests']:,} yêu cầu".replace(
                ",", "."
            ),
            f"- **{load['rps']:.0f} yêu cầu/giây**, lỗi đọc {load.get('read_errors', load['errors'])} (tỉ lệ {(load['error_rate'] or 0):.2%})",
            *writer_lines(load.get("writer")),
            f"- Độ trễ: p50 {lat['p50']} ms, p90 {lat['p90']} ms, p95 {lat['p95']} ms, p99 {lat['p99']} ms, tối đa {lat['max']} ms",
            f"- RSS các worker (MiB) lúc đầu: {', '.join(map(str, load['rss_start_mib'].values()))}; lúc cuối: {', '.join(map(str, load['rss_end_mib'].values()))}",
            f"- Đường dẫn: {', '.join(f'`{p}`' for p in load['paths'])}",
            f"- Máy trong khi đo tải: {describe_activity(load.get('machine'))}",
        ]
        if load.get("left_out"):
            out.append(
                (
                    "- Bỏ ra (--load-without-statistics, hoặc chưa trả lời 200): "
                    if load.get("without_statistics")
                    else "- Bỏ ra vì chưa trả lời 200: "
                )
                + ", ".join(f"`{p}`" for p in load["left_out"])
            )
    else:
        out.append(f"Không đo: {load.get('skipped', 'bỏ qua')}")
    weight = data.get("weight") or {}
    out += ["", "## Trọng lượng trang /mo-hinh/ (Chromium, byte trên đường truyền)", ""]
    if "first" in weight:
        for label, visit in (("Lần đầu", weight["first"]), ("Lần sau", weight["repeat"])):
            out.append(
                f"- {label}: **{visit['transferred'] / 1024:.1f} KB** truyền (giải nén {visit['decoded'] / 1024:.1f} KB), HTTP {visit['status']}, trang cuối {visit['final_url']}"
            )
        out += [
            "",
            "| Tài nguyên (lần đầu) | Loại | Nén | KB truyền | KB giải nén |",
            "| --- | --- | --- | ---: | ---: |",
        ]
        for r in weight["first"]["resources"]:
            out.append(
                f"| `{r['url'][:70]}` | {r['type']} | {r['encoding'] or '—'} | {r['transferred'] / 1024:.1f} | {r['decoded'] / 1024:.1f} |"
            )
    else:
        out.append(f"Không đo: {weight.get('skipped', 'bỏ qua')}")
    if data.get("import_bench"):
        out += [
            "",
            "## Nhập Excel (bench/import_bench.py)",
            "",
            "```",
            data["import_bench"].strip(),
            "```",
        ]
    out += ["", "## Đánh giá so với mục tiêu", "", *verdicts(data, previous)]
    if data.get("notes"):
        out += ["", "## Ghi chú", "", *[f"- {n}" for n in data["notes"]]]
    return "\n".join(out) + "\n"


def writer_lines(writer):
    if not writer:
        return ["- Không có tiến trình ghi trong khi đo tải."]
    times = writer.get("write_ms") or {}
    lines = [
        f"- Tiến trình ghi thứ hai (bench/writer.py, mỗi {writer.get('interval', 0.5)} giây một "
        f"lần đăng ký hoặc sửa qua quy trình của sổ đăng ký): {writer.get('writes', 0)} lần ghi "
        f"({writer.get('edits', 0)} lần sửa, {writer.get('registrations', 0)} lần đăng ký), "
        f"lỗi ghi {writer.get('errors', 0)}; mỗi lần ghi trung vị {times.get('median')} ms, "
        f"p95 {times.get('p95')} ms; các mô hình đăng ký thêm đã xóa khi xong "
        f"({writer.get('registrations_removed', 0)})"
    ]
    lines += [f"  - lỗi ghi: {m}" for m in writer.get("error_messages") or []]
    return lines


def write(data, previous=None):
    RESULTS.mkdir(exist_ok=True)
    stem = f"{data['date'][:10]}-{data['size']}"
    (RESULTS / f"{stem}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    text = markdown(data, previous)
    (RESULTS / f"{stem}.md").write_text(text)
    return RESULTS / f"{stem}.md", text


def latest_smaller(size):
    """The newest saved result for a smaller data set (to compare query counts across runs)."""
    found = []
    for path in RESULTS.glob("*.json"):
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and data.get("size", size) < size and data.get("pages"):
            found.append((data["size"], data.get("date", ""), data))
    return max(found, key=lambda f: (f[0], f[1]))[2] if found else None


def now():
    return datetime.now().astimezone().isoformat(timespec="seconds")
