"""Import benchmark: the portal's district-list importer against a plain django-import-export
ModelResource, on the same 20,000 rows, in an empty PostgreSQL database.

Run (PostgreSQL must be reachable; the database is created, migrated and dropped here):

    python bench/import_bench.py                 # 20,000 rows
    python bench/import_bench.py --rows 5000     # smaller, quicker
    python bench/import_bench.py --skip-plain    # (a) only: development runs, no comparison
    python bench/import_bench.py --database danvan_mine   # another database name
    BENCH_DATABASE_URL=postgres://user:pass@host:5432/postgres python bench/import_bench.py

The server is BENCH_DATABASE_URL, else the server of a PostgreSQL DATABASE_URL, else
postgres://postgres@127.0.0.1:5432/.

It writes a realistic yearly-list workbook (one sheet per district, title rows, a header,
"I. MÔ HÌNH TẬP THỂ" / "II. MÔ HÌNH CÁ NHÂN" sections, a signature block) with openpyxl's
write-only mode, creates the database `danvan_bench_import`, runs `manage.py migrate` on it,
then measures
  (a) the portal importer: preview (read + plan, the plan stored with the upload) and confirm
      (the stored plan, or read + plan again if the data changed meanwhile, + apply), as the
      web pages do (`importer.uploads`), i.e. the whole round an administrator waits for;
  (b) a plain `import_export.resources.ModelResource` for `models_registry.DvkModel` fed the same
      rows as a flat table (what a team would write first; the collectives and individuals it
      refers to are created beforehand and not timed),
and prints rows/second for each, the ratio (target: at least 50x) and the peak memory (max RSS
of this process after each step, and of the child process that reads the workbook; target
under 500 MB each). `main()` returns the figures as a dict.
"""

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "danvan_bench_import"
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"

VERBS = [
    "Vận động nhân dân",
    "Vận động cán bộ, hội viên",
    "Vận động đoàn viên thanh niên",
    "Vận động hội viên phụ nữ",
    "Vận động đồng bào dân tộc",
    "Tuyên truyền, vận động nhân dân",
    "Vận động các hộ gia đình",
    "Vận động cựu chiến binh",
]
OBJECTS = [
    "hiến đất làm đường giao thông nông thôn",
    "thu gom, phân loại rác thải tại hộ gia đình",
    "trồng rừng gắn với phát triển du lịch cộng đồng",
    "phát triển kinh tế xen canh Dưa-Lúa",
    "xây dựng và bảo vệ môi trường xanh, sạch, đẹp",
    "giữ gìn bản sắc văn hóa dân tộc Tày",
    "chăn nuôi ngựa bạch tạo việc làm",
    "thực hiện tiêu chí số 17 – Môi trường",
    "xóa nhà tạm, nhà dột nát",
    "tham gia bảo hiểm y tế toàn dân",
    "giữ gìn an ninh trật tự thôn bản",
    "làm thủ tục hành chính trực tuyến",
    "trồng cây ăn quả theo tiêu chuẩn VietGAP",
    "xây dựng nhà văn hóa thôn",
    "phòng, chống tảo hôn và hôn nhân cận huyết",
]
GROUPS = [
    "Chi bộ thôn {n}",
    "Hội Nông dân {commune}",
    "Hội Liên hiệp Phụ nữ {commune}",
    "Đoàn Thanh niên {commune}",
    "Hội Cựu chiến binh {commune}",
    "Ban công tác Mặt trận thôn {n}",
]
FAMILY = ["Nguyễn", "Hoàng", "Nông", "Lý", "Triệu", "Quan", "Ma", "Hà", "Lường", "Bế"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu"]
GIVEN = ["Giang", "Thắng", "Hoa", "Lan", "Bình", "Hùng", "Mai", "Tuấn", "Hạnh", "Phúc"]
FIELDS = [
    "Kinh tế",
    "Văn hóa - xã hội",
    "Quốc phòng - an ninh",
    "Xây dựng hệ thống chính trị",
    "Xây dựng nông thôn mới",
]
HEADER = [
    "STT",
    "Tên mô hình",
    "Tập thể/cá nhân thực hiện",
    "Lĩnh vực",
    "Địa bàn thực hiện",
    "Năm",
    "Thời gian thực hiện",
    "Kết quả",
    "Ghi chú",
]


def territory():
    districts, communes = {}, {}
    with open(ROOT / "fixtures" / "backan_units_2024.csv", encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            if row["level"] == "district":
                districts[row["code"]] = row["name"]
            elif row["level"] == "commune":
                communes.setdefault(row["parent_code"], []).append(row["name"])
    return districts, communes


def generate_rows(count, seed=2026):
    """[(district code, district name, kind, record)] with unique natural keys."""
    rng = random.Random(seed)
    districts, communes = territory()
    codes = sorted(districts)
    rows = []
    n = 0
    while len(rows) < count:
        code = codes[n % len(codes)]
        commune = rng.choice(communes[code])
        year = 2011 + (n // len(codes)) % 14
        individual = rng.random() < 0.15
        if individual:
            who = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)} {n % 97}"
            who = ("Ông " if rng.random() < 0.5 else "Bà ") + who
        else:
            template = rng.choice(GROUPS)
            who = template.format(n=rng.randint(1, 12), commune=commune.lower().capitalize())
            if "thôn" in who:
                who += " " + commune.lower()
        title = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} (mô hình {n + 1})"
        start = f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/{year}"
        record = {
            "title": title,
            "implementer": who,
            "field": rng.choice(FIELDS),
            "place": commune,
            "year": year,
            "period": start if rng.random() < 0.7 else f"{year}-{year + 2}",
            "results": f"{rng.randint(20, 400)} hộ tham gia, {rng.randint(1, 50)} triệu đồng",
            "note": "",
        }
        rows.append((code, districts[code], "ca_nhan" if individual else "tap_the", record))
        n += 1
    return rows


def write_workbook(rows, path):
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    by_district = {}
    for code, name, kind, record in rows:
        by_district.setdefault((code, name), {"tap_the": [], "ca_nhan": []})[kind].append(record)
    for (_code, name), kinds in by_district.items():
        ws = wb.create_sheet(name[:31])
        short = name.split(" ", 1)[1].upper()
        ws.append([f"BAN DÂN VẬN HUYỆN ỦY {short}"])
        ws.append(["DANH SÁCH MÔ HÌNH DÂN VẬN KHÉO GIAI ĐOẠN 2011 - 2024"])
        ws.append(["(Kèm theo Báo cáo số 45-BC/BDVHU)"])
        ws.append([])
        ws.append(HEADER)
        for label, kind in (("I", "tap_the"), ("II", "ca_nhan")):
            title = "MÔ HÌNH TẬP THỂ" if kind == "tap_the" else "MÔ HÌNH CÁ NHÂN"
            ws.append([label, title])
            for index, r in enumerate(kinds[kind], start=1):
                ws.append(
                    [
                        index,
                        r["title"],
                        r["implementer"],
                        r["field"],
                        r["place"],
                        r["year"],
                        r["period"],
                        r["results"],
                        r["note"],
                    ]
                )
        ws.append([])
        ws.append(["", "Người lập biểu", "", "", "TM. BAN THƯỜNG VỤ"])
    wb.save(path)


# ---------------------------------------------------------------- database


def server_url():
    """BENCH_DATABASE_URL, else the server of a PostgreSQL DATABASE_URL, else the local one."""
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    current = os.environ.get("DATABASE_URL", "")
    if current.startswith(("postgres://", "postgresql://")):
        return urlunsplit(urlsplit(current)._replace(path="/postgres"))
    return DEFAULT_SERVER


def database_url(name):
    parts = urlsplit(server_url())
    return urlunsplit(parts._replace(path=f"/{name}"))


def recreate_database(name):
    import psycopg2

    conn = psycopg2.connect(server_url())
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def drop_database(name):
    import psycopg2
    from django.db import connections

    connections.close_all()
    conn = psycopg2.connect(server_url())
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
    conn.close()


def migrate(env):
    subprocess.run(  # noqa: S603 - our own interpreter and manage.py, no user input
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reader_peak_mb():
    """The largest child process so far: the workbook reader (importer.workbook)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def cpu_seconds():
    """Processor time used so far by this process (both its threads), by the workbook reader's
    child processes and by this connection's PostgreSQL server process (read from /proc when
    the server runs on this machine, else None): on a machine shared with other work the
    wall-clock time is partly theirs, these seconds are the import's own."""
    from django.db import connection

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    server = None
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        server = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        pass
    return {
        "python": own.ru_utime + own.ru_stime,
        "reader": children.ru_utime + children.ru_stime,
        "database": server,
    }


def empty_registry():
    """Back to an empty registry between (a) and (b); reference data stays."""
    from django.db import connection

    tables = [
        "importer_importrecord",
        "importer_importbatch",
        "models_registry_model_places",
        "models_registry_historicalmodel",
        "models_registry_model",
        "models_registry_historicalcollective",
        "models_registry_collective",
        "models_registry_historicalindividual",
        "models_registry_individual",
    ]
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cur:
        cur.execute("TRUNCATE " + ", ".join(t for t in tables if t in existing) + " CASCADE")


# ---------------------------------------------------------------- (a) and (b)


def run_portal(path):
    """The web pages' work, without the HTTP round trips: the upload is kept, the preview page
    plans it (and stores the plan), the confirm button imports it (with the stored plan while
    the data are unchanged, else planning again). As in the views, Python's cyclic garbage
    collector stays paused until the page is done with the plan."""
    from importer import uploads
    from importer.collector import collector_paused

    _token, pending = uploads.save(path.read_bytes(), path.name)
    cpu_before = cpu_seconds()
    load = os.getloadavg()[0]
    started = time.perf_counter()
    with collector_paused():
        preview = uploads.current_plan(pending)
        errors = [row.errors for row in preview.error_rows]
        del preview
    preview_s = time.perf_counter() - started
    assert not errors, errors[0]
    started = time.perf_counter()
    with collector_paused():
        batch, plan = uploads.confirm(pending)
        reused = plan.reused
        del plan
    confirm_s = time.perf_counter() - started
    cpu_after = cpu_seconds()
    uploads.discard(pending)
    cpu = {
        key: None if cpu_after[key] is None else cpu_after[key] - cpu_before[key]
        for key in cpu_after
    }
    return {
        "cpu_s": cpu,
        "load_average": [load, os.getloadavg()[0]],
        "preview_s": preview_s,
        "confirm_s": confirm_s,
        "total_s": preview_s + confirm_s,
        "created": batch.created_count,
        "plan_reused": reused,
        "peak_mb": peak_mb(),
        "reader_peak_mb": reader_peak_mb(),
    }


def plain_resource():
    from import_export import fields, resources
    from import_export.widgets import ForeignKeyWidget, ManyToManyWidget

    from models_registry.models import Collective, DvkModel, Field, Individual
    from territory.models import Unit

    class PlainModelResource(resources.ModelResource):
        collective = fields.Field(
            attribute="collective",
            column_name="collective",
            widget=ForeignKeyWidget(Collective, "name"),
        )
        individual = fields.Field(
            attribute="individual",
            column_name="individual",
            widget=ForeignKeyWidget(Individual, "full_name"),
        )
        field = fields.Field(
            attribute="field", column_name="field", widget=ForeignKeyWidget(Field, "name")
        )
        unit = fields.Field(
            attribute="unit", column_name="unit", widget=ForeignKeyWidget(Unit, "code")
        )
        places = fields.Field(
            attribute="places", column_name="places", widget=ManyToManyWidget(Unit, field="name")
        )

        class Meta:
            model = DvkModel
            fields = (
                "title",
                "year",
                "collective",
                "individual",
                "field",
                "unit",
                "places",
                "results",
                "note",
                "status",
            )
            import_id_fields = ("title", "year")

    return PlainModelResource()


def run_import_export(rows):
    import tablib

    from danvan.text import clean, fold
    from models_registry.models import Collective, CollectiveKind, Field, Individual
    from territory.models import Unit

    field_names = {
        "Kinh tế": "Lĩnh vực kinh tế",
        "Văn hóa - xã hội": "Lĩnh vực văn hóa - xã hội",
        "Quốc phòng - an ninh": "Lĩnh vực quốc phòng - an ninh",
        "Xây dựng hệ thống chính trị": "Lĩnh vực xây dựng hệ thống chính trị",
        "Xây dựng nông thôn mới": Field.objects.get(code="BK-NTM").name,
    }
    district_units = {u.code: u for u in Unit.objects.filter(level=2)}
    collectives, individuals = {}, {}
    for code, _name, kind, record in rows:
        name = clean(record["implementer"])
        if kind == "ca_nhan":
            name = name.split(" ", 1)[1]
            individuals.setdefault(
                name, Individual(full_name=name, search_name=fold(name), unit=district_units[code])
            )
        else:
            collectives.setdefault(
                name,
                Collective(
                    name=name,
                    search_name=fold(name),
                    kind=CollectiveKind.OTHER,
                    unit=district_units[code],
                ),
            )
    Collective.objects.bulk_create(collectives.values())
    Individual.objects.bulk_create(individuals.values())
    dataset = tablib.Dataset(
        headers=[
            "title",
            "year",
            "collective",
            "individual",
            "field",
            "unit",
            "places",
            "results",
            "note",
            "status",
        ]
    )
    for code, _name, kind, record in rows:
        name = clean(record["implementer"])
        person = name.split(" ", 1)[1] if kind == "ca_nhan" else ""
        dataset.append(
            [
                record["title"],
                record["year"],
                "" if person else name,
                person,
                field_names[record["field"]],
                code,
                record["place"],
                record["results"],
                record["note"],
                "dang_ky",
            ]
        )
    resource = plain_resource()
    started = time.perf_counter()
    result = resource.import_data(dataset, dry_run=False, raise_errors=True)
    elapsed = time.perf_counter() - started
    return {"total_s": elapsed, "created": result.totals["new"], "peak_mb": peak_mb()}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument(
        "--baseline-rows",
        type=int,
        default=None,
        help="rows for (b) (default: the same as --rows; fewer for a quick check, rows/s is "
        "what is compared)",
    )
    parser.add_argument("--keep-database", action="store_true")
    parser.add_argument(
        "--database", default=DB_NAME, help=f"database to create and drop (default {DB_NAME})"
    )
    parser.add_argument(
        "--skip-plain",
        action="store_true",
        help="skip (b), the plain django-import-export run (about 12 minutes at 20,000 rows): "
        "for development runs only, the comparison needs both",
    )
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="danvan-bench-import-"))
    env = {
        **os.environ,
        "DATABASE_URL": database_url(args.database),
        "MEDIA_ROOT": str(workdir / "media"),
        "DJANGO_SETTINGS_MODULE": "danvan.settings",
        "AXES_ENABLED": "0",
    }
    print(f"Tạo {args.rows:,} dòng mẫu…".replace(",", "."), flush=True)
    rows = generate_rows(args.rows)
    path = workdir / "danh-sach-mo-hinh-2011-2024.xlsx"
    write_workbook(rows, path)
    print(f"Tệp: {path} ({path.stat().st_size / 1024 / 1024:.1f} MB)", flush=True)
    print(f"Tạo và migrate cơ sở dữ liệu {args.database}…", flush=True)
    recreate_database(args.database)
    migrate(env)

    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    try:
        portal = run_portal(path)
        baseline_rows = rows[: args.baseline_rows] if args.baseline_rows else rows
        baseline = None
        if not args.skip_plain:
            print(
                f"(a) xong: {portal['total_s']:.2f} s; chạy (b) django-import-export…", flush=True
            )
            empty_registry()
            baseline = run_import_export(baseline_rows)
    finally:
        if not args.keep_database:
            drop_database(args.database)

    portal_rate = args.rows / portal["total_s"]
    print()
    print(
        f"(a) Trình nhập của cổng: xem trước {portal['preview_s']:.2f} s + xác nhận "
        f"{portal['confirm_s']:.2f} s = {portal['total_s']:.2f} s → {portal_rate:,.0f} dòng/giây "
        f"(tạo {portal['created']}; "
        f"{'dùng lại kế hoạch xem trước' if portal['plan_reused'] else 'lập lại kế hoạch'}); "
        f"bộ nhớ đỉnh {portal['peak_mb']:.0f} MB (tiến trình đọc tệp "
        f"{portal['reader_peak_mb']:.0f} MB)"
    )
    cpu = portal["cpu_s"]
    database = "?" if cpu["database"] is None else f"{cpu['database']:.2f}"
    print(
        f"    thời gian CPU: Python {cpu['python']:.2f} s, đọc tệp {cpu['reader']:.2f} s, "
        f"PostgreSQL {database} s; tải máy (load average) {portal['load_average'][0]:.1f} → "
        f"{portal['load_average'][1]:.1f}"
    )
    verdict = (
        f"(a) dưới 5 s: {'đạt' if portal['total_s'] < 5 else 'CHƯA ĐẠT'}; bộ nhớ dưới 500 MB: "
        f"{'đạt' if max(portal['peak_mb'], portal['reader_peak_mb']) < 500 else 'CHƯA ĐẠT'}"
    )
    figures = {"rows": args.rows, "portal": portal, "portal_rows_per_s": portal_rate}
    if baseline is None:
        print("(b) bỏ qua (--skip-plain): chưa so sánh được với django-import-export")
        print(verdict)
        return figures
    baseline_rate = len(baseline_rows) / baseline["total_s"]
    ratio = portal_rate / baseline_rate
    print(
        f"(b) django-import-export ModelResource: {baseline['total_s']:.2f} s → "
        f"{baseline_rate:,.0f} dòng/giây (tạo {baseline['created']}); bộ nhớ đỉnh "
        f"{baseline['peak_mb']:.0f} MB"
    )
    print(f"Tỉ lệ (a)/(b): {ratio:.1f}× (mục tiêu ≥ 50×); {verdict}")
    return {
        **figures,
        "baseline_rows": len(baseline_rows),
        "import_export": baseline,
        "import_export_rows_per_s": baseline_rate,
        "ratio": ratio,
    }


if __name__ == "__main__":
    main()
