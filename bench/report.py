"""The results table: printed, and written to bench/results/<date>-<size>.md and .json."""

import json
import os
import platform
from datetime import datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
PAGE_TARGET_MS = 150
ADMIN_FACTOR = 3
LOAD_TARGET_RPS = 200
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
        ok = portal["p95_ms"] < PAGE_TARGET_MS
        text = f"- {row['name']}: p95 {portal['p95_ms']:.0f} ms {'đạt' if ok else 'KHÔNG ĐẠT'} (< {PAGE_TARGET_MS} ms)"
        cold = portal.get("cold") or {}
        if "p95_ms" in cold:
            cold_ok = cold["p95_ms"] < PAGE_TARGET_MS
            text += f", ngay sau một lần ghi p95 {cold['p95_ms']:.0f} ms {'đạt' if cold_ok else 'KHÔNG ĐẠT'}"
        if admin and "median_ms" in admin:
            factor = admin["median_ms"] / portal["median_ms"] if portal["median_ms"] else 0
            text += f"; nhanh hơn trang quản trị {factor:.1f} lần ({'đạt' if factor >= ADMIN_FACTOR else 'KHÔNG ĐẠT'} ≥ {ADMIN_FACTOR}×)"
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
        ok = load["rps"] >= LOAD_TARGET_RPS and load["errors"] == 0 and load["requests"] > 0
        lines.append(
            f"- Tải: {load['rps']:.0f} yêu cầu/giây, {load['errors']} lỗi — {'đạt' if ok else 'KHÔNG ĐẠT'} (≥ {LOAD_TARGET_RPS}/giây, 0 lỗi)."
        )
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


def markdown(data, previous=None):
    m = data["machine"]
    out = [
        f"# Kết quả đo hiệu năng — {data['size']:,} mô hình".replace(",", "."),
        "",
        f"- Ngày: {data['date']}",
        f"- Máy: {m['nproc']} nhân ({m['cpu']}), bộ nhớ {m['memory']}, Python {m['python']}",
        f"- Cơ sở dữ liệu: {data['database']}",
        f"- Tải máy khi đo xong (1, 5, 15 phút): {data.get('load_average', '')}",
        f"- Sinh dữ liệu: {data['generation']}",
        f"- Mỗi trang: {data['reps']} lần đo sau khi làm nóng; thời gian phía máy chủ (django.test.Client trong tiến trình, DEBUG=0).",
        "",
        "## Thời gian trang (ms) và số truy vấn",
        "",
        "Cột “sau một lần ghi”: mỗi yêu cầu ngay sau một lần ghi thật (UPDATE một dòng mô hình); cổng không lưu đệm trang, số liệu hay số đếm nào. Cột “CPU”: thời gian CPU một yêu cầu tốn (tiến trình Django và tiến trình PostgreSQL phục vụ nó), không phụ thuộc máy đang bận.",
        "",
        "| Trang | Trung vị | p95 | Truy vấn | CPU | Sau một lần ghi: trung vị | p95 | Truy vấn | Quản trị Django: trung vị | p95 | Truy vấn | URL |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in data["pages"]:
        p = _ms(row["portal"])
        c = _ms(row["portal"].get("cold"))
        a = _ms(row["admin"])
        out.append(
            f"| {row['name']} | {p[0]} | {p[1]} | {p[2]} | {row['portal'].get('cpu_ms', '')} | {c[0]} | {c[1]} | {c[2]} | {a[0]} | {a[1]} | {a[2]} | `{row['portal']['url']}` |"
        )
    load = data.get("load") or {}
    out += ["", "## Tải (gunicorn 4 worker + wrk, 127.0.0.1)", ""]
    if "rps" in load:
        lat = load["latency_ms"]
        out += [
            f"- {load['seconds']} giây, {load['connections']} kết nối, {load['threads']} luồng wrk; {load['requests']:,} yêu cầu".replace(
                ",", "."
            ),
            f"- **{load['rps']:.0f} yêu cầu/giây**, lỗi {load['errors']} (tỉ lệ {(load['error_rate'] or 0):.2%})",
            f"- Độ trễ: p50 {lat['p50']} ms, p90 {lat['p90']} ms, p95 {lat['p95']} ms, p99 {lat['p99']} ms, tối đa {lat['max']} ms",
            f"- RSS các worker (MiB) lúc đầu: {', '.join(map(str, load['rss_start_mib'].values()))}; lúc cuối: {', '.join(map(str, load['rss_end_mib'].values()))}",
            f"- Đường dẫn: {', '.join(f'`{p}`' for p in load['paths'])}",
        ]
        if load.get("left_out"):
            out.append(
                f"- Bỏ ra vì chưa trả lời 200: {', '.join(f'`{p}`' for p in load['left_out'])}"
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
