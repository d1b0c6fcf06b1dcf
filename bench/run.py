"""`make bench`: page times beside Django's admin, load on gunicorn, page weight in Chromium.

    .venv/bin/python bench/run.py                       # 100.000 then 1.000.000 models
    .venv/bin/python bench/run.py --quick               # 10.000 models, fewer repetitions
    .venv/bin/python bench/run.py --sizes 100000 --skip-load --skip-weight

PostgreSQL only: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/danvan_bench) is
created if missing, migrated and filled by demo.generator. See bench/README.md.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(Path(__file__).resolve().parent))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/danvan_bench"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000", help="số mô hình, cách nhau dấu phẩy")
    parser.add_argument(
        "--quick", action="store_true", help="10.000 mô hình, 8 lần đo, tải 10 giây"
    )
    parser.add_argument("--reps", type=int, default=20, help="số lần đo mỗi trang (mặc định 20)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--load-seconds", type=int, default=30)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--write-interval",
        type=float,
        default=0.5,
        help="giây giữa hai lần ghi của tiến trình ghi trong khi đo tải (0: không ghi)",
    )
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument(
        "--load-without-statistics",
        action="store_true",
        help="đo tải không có trang thống kê (chỉ sổ đăng ký)",
    )
    parser.add_argument("--skip-weight", action="store_true")
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--skip-territory", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.reps, args.load_seconds = "10000", 8, 10
    args.sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    return args


def database_url():
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("make bench chỉ chạy trên PostgreSQL: đặt DATABASE_URL=postgres://…")
    return url


def admin_connection(url):
    import dj_database_url
    import psycopg2

    cfg = dj_database_url.parse(url)
    conn = psycopg2.connect(
        dbname="postgres",
        user=cfg["USER"] or None,
        password=cfg["PASSWORD"] or None,
        host=cfg["HOST"] or None,
        port=cfg["PORT"] or None,
    )
    conn.autocommit = True
    return conn, cfg["NAME"]


def ensure_database(url, recreate=False):
    conn, name = admin_connection(url)
    with conn.cursor() as cur:
        if recreate:
            print(f"Xóa và tạo lại cơ sở dữ liệu {name}…")
            cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cur.fetchone() is None:
            print(f"Tạo cơ sở dữ liệu {name}…")
            cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def prepare_schema():
    from django.core.management import call_command

    from demo import accounts as demo

    call_command("migrate", "--noinput", verbosity=0)
    demo.load(type("Quiet", (), {"write": lambda self, s: None})())


def personas():
    from accounts.models import User

    return {
        u.username: u
        for u in User.objects.filter(username__in=["tinh", "chodon", "bangthanh", "quantri"])
    }


def import_bench():
    script = ROOT / "bench" / "import_bench.py"
    if not script.exists():
        return None
    print("Chạy bench/import_bench.py…")
    done = subprocess.run(  # noqa: S603 — the project's own script
        [sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    return (done.stdout + ("\n" + done.stderr if done.returncode else ""))[-4000:]


def subprocess_bench(name):
    """Run another bench script of this folder; its last output lines go into the results."""
    print(f"Chạy bench/{name}…")
    done = subprocess.run(  # noqa: S603 — the project's own script
        [sys.executable, str(ROOT / "bench" / name)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return (done.stdout + ("\n" + done.stderr if done.returncode else ""))[-4000:]


def guarded(function, *args, **kwargs):
    """One part failing (a browser timeout, a missing tool) must not lose the others' figures."""
    try:
        return function(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 — reported in the results file
        print(f"  lỗi: {exc!r}"[:500])
        return {"skipped": f"lỗi khi đo: {type(exc).__name__}: {str(exc)[:300]}"}


def main():
    args = parse_args()
    url = database_url()
    workdir = Path(tempfile.mkdtemp(prefix="danvan-bench-"))
    try:
        run(args, url, workdir / "static")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(args, url, static_root):

    from server import production_env

    env = production_env(url, static_root)
    os.environ.update({k: env[k] for k in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DEBUG",
                                           "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT",
                                           "SECURE_HSTS_SECONDS", "STATIC_ROOT", "LOG_LEVEL",
                                           "TWO_FACTOR_REQUIRED_FOR_ADMINISTRATORS")})  # fmt: skip
    ensure_database(url)

    import django

    django.setup()
    import load
    import machine
    import pages
    import report
    import weight
    from django.core.management import call_command
    from django.core.management.base import OutputWrapper
    from django.db import connections

    from demo.generator import generate, marker
    from models_registry.models import DvkModel
    from territory.models import Unit

    prepare_schema()
    import writes

    writes.remove_registrations()  # left by an interrupted load run
    print("collectstatic (WhiteNoise: nén và đặt tên có mã băm)…")
    call_command("collectstatic", "--noinput", verbosity=0)

    previous = None
    imported = None if args.skip_import else import_bench()
    # The whole country's territory in a database of its own (bench/territory.py).
    territory = None if args.skip_territory else subprocess_bench("territory.py")
    for size in args.sizes:
        print(f"\n=== {size:,} mô hình ===".replace(",", "."))
        have = DvkModel.objects.filter(note__startswith=marker(args.seed)).count()
        if have > size or DvkModel.objects.count() != have:
            connections.close_all()
            ensure_database(url, recreate=True)
            prepare_schema()
        started = time.monotonic()
        result = generate(size, seed=args.seed, stdout=OutputWrapper(sys.stdout))
        generation = (
            f"{result.created:,} mô hình mới trong {result.seconds:.0f} giây "
            f"(đã có {result.existing:,}); tổng {size:,}"
        ).replace(",", ".")
        print(generation, f"({time.monotonic() - started:.0f} giây)")

        people = personas()
        district = Unit.objects.get(code="064", valid_from__isnull=True)
        sample = DvkModel.objects.filter(year=2023, is_exemplary=True, unit=district).order_by("id")
        detail = sample.first() or DvkModel.objects.order_by("id").first()
        print("Đo thời gian trang (trong tiến trình)…")
        activity = machine.activity_start()
        measured = pages.run(people, detail.pk, district, args.reps)
        activity = machine.activity_end(activity, own=machine.database_backends())
        print("  " + machine.describe(activity))

        data = {
            "size": size,
            "date": report.now(),
            "machine": report.machine(),
            "database": f"PostgreSQL {connections['default'].cursor().connection.server_version}",
            "generation": generation,
            "reps": args.reps,
            "pages": measured,
            "load_average": machine.load_average(),
            "pages_machine": activity,
            "notes": [],
        }
        ok_paths = {r["portal"]["url"] for r in measured if "median_ms" in r["portal"]}

        def usable(path, ok_paths=ok_paths, detail_id=detail.pk):
            if args.load_without_statistics and path.startswith("/thong-ke/"):
                return False
            if path.startswith("/mo-hinh/") and path.rstrip("/").split("/")[-1].isdigit():
                return f"/mo-hinh/{detail_id}/" in ok_paths
            return path in ok_paths

        detail_ids = list(
            DvkModel.objects.filter(year__in=[2022, 2023, 2024])
            .order_by("?")
            .values_list("pk", flat=True)[:20]
        )
        if not (args.skip_load and args.skip_weight):
            from server import Gunicorn

            connections.close_all()
            with Gunicorn(env, workers=args.workers) as server:
                # Page weight first: after the load test the workers still drain wrk's backlog.
                if not args.skip_weight:
                    print("Đo trọng lượng trang trong Chromium…")
                    data["weight"] = guarded(
                        weight.run, server.base, load.make_session(people["tinh"])
                    )
                    if "first" in data["weight"]:
                        print(
                            f"  lần đầu {data['weight']['first']['transferred'] / 1024:.1f} KB, "
                            f"lần sau {data['weight']['repeat']['transferred'] / 1024:.1f} KB"
                        )
                if not args.skip_load:
                    print(
                        f"Đo tải {args.load_seconds} giây (gunicorn {args.workers} worker + wrk)…"
                    )
                    data["load"] = guarded(
                        load.run,
                        server,
                        people,
                        detail_ids,
                        usable,
                        seconds=args.load_seconds,
                        write_interval=args.write_interval,
                    )
                    if args.load_without_statistics:
                        data["load"]["without_statistics"] = True
                    data["notes"] += data["load"].get("notes", [])
                    print(
                        "  ",
                        {
                            k: data["load"].get(k)
                            for k in ("rps", "errors", "latency_ms", "writer", "skipped")
                        },
                    )
        if imported and size == args.sizes[-1]:
            data["import_bench"] = imported
            data["territory_bench"] = territory
        path, text = report.write(data, previous or report.latest_smaller(size))
        print("\n" + text)
        print(f"Đã ghi {path} và {path.with_suffix('.json')}")
        previous = data


if __name__ == "__main__":
    main()
