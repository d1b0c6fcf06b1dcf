"""Territory benchmark: the whole country's tree loaded, and the territory queries timed on it.

    .venv/bin/python bench/territory.py                      # database danvan_bench_territory
    .venv/bin/python bench/territory.py --database danvan_x --reps 50

PostgreSQL: the server is BENCH_DATABASE_URL, else the server of a PostgreSQL DATABASE_URL,
else postgres://postgres@127.0.0.1:5432/. The database is dropped, created and migrated (the
default PORTAL_PROVINCES, Thái Nguyên), then `manage.py load_territory --all` loads the other
33 provinces (timed, and timed again: a second run must add nothing), then each query of
`territory.models.UnitQuerySet` used by the portal's pages is run `--reps` times on the whole
country: `valid_at`, `under`, `with_code`, `rolled_up_into`, `current_successors_of`, and the
scope ids of an account (`User.scope_units()` below the village level, uncached). Figures go
to bench/results/<date>-territory.json and .md; `main()` returns them as a dict.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="danvan_bench_territory")
    parser.add_argument("--reps", type=int, default=30, help="số lần đo mỗi truy vấn")
    return parser.parse_args(argv)


def database_url(name):
    server = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    if not server.startswith(("postgres://", "postgresql://")):
        server = DEFAULT_SERVER
    parts = urlsplit(server)
    return urlunsplit(parts._replace(path=f"/{name}"))


def recreate(url):
    import psycopg2

    parts = urlsplit(url)
    conn = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    conn.autocommit = True
    name = parts.path.lstrip("/")
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def manage(url, *args):
    """Run manage.py in its own process (a fresh interpreter, as an administrator would)."""
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "danvan.settings"}
    start = time.perf_counter()
    done = subprocess.run(  # noqa: S603 — the project's own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return time.perf_counter() - start, done.stdout.strip()


def timed(function, reps):
    runs = []
    result = None
    for _ in range(reps):
        start = time.perf_counter()
        result = function()
        runs.append((time.perf_counter() - start) * 1000)
    return {
        "median_ms": round(statistics.median(runs), 2),
        "max_ms": round(max(runs), 2),
        "rows": result,
    }


def queries(reps):
    from accounts.models import Role, User
    from territory.models import Level, Unit

    def old(code):
        return Unit.objects.get(code=code, valid_from__isnull=True)

    def new(code):
        return Unit.objects.get(code=code, valid_from__isnull=False)

    ha_noi, thai_nguyen, bang_thanh = new("01"), new("19"), new("01864")
    cho_don, giao_hieu, gia_sang = old("064"), old("01870"), old("05461")

    def both_meanings_of_01864():
        bo_bo = Unit.objects.with_code("01864", at=date(2019, 1, 1)).get()
        bang_thanh = Unit.objects.with_code("01864", at=date(2026, 1, 1)).get()
        return len({bo_bo.pk, bang_thanh.pk})

    def scope(unit, role):
        user = User(username="bench", role=role, unit=unit)
        return lambda: len(
            list(user.scope_units().filter(level__lte=Level.COMMUNE).values_list("pk", flat=True))
        )

    cases = {
        "valid_at(2019): communes of the country": lambda: (
            Unit.objects.valid_at(date(2019, 6, 1)).communes().count()
        ),
        "valid_at(2026): communes of the country": lambda: (
            Unit.objects.valid_at(date(2026, 6, 1)).communes().count()
        ),
        "under(Hà Nội today).communes()": lambda: Unit.objects.under(ha_noi).communes().count(),
        "under(Huyện Chợ Đồn)": lambda: len(list(Unit.objects.under(cho_don))),
        "with_code('01864', 2019 and 2026)": both_meanings_of_01864,
        "rolled_up_into(Xã Bằng Thành)": lambda: len(
            list(Unit.objects.rolled_up_into(bang_thanh).values_list("pk", flat=True))
        ),
        "rolled_up_into(Tỉnh Thái Nguyên today)": lambda: len(
            list(Unit.objects.rolled_up_into(thai_nguyen).values_list("pk", flat=True))
        ),
        "rolled_up_into(Thành phố Hà Nội today)": lambda: len(
            list(Unit.objects.rolled_up_into(ha_noi).values_list("pk", flat=True))
        ),
        "current_successors_of(Xã Giáo Hiệu)": lambda: len(
            list(Unit.objects.current_successors_of(giao_hieu))
        ),
        "current_successors_of(split Phường Gia Sàng)": lambda: len(
            list(Unit.objects.current_successors_of(gia_sang))
        ),
        "scope ids: district officer of Chợ Đồn": scope(cho_don, Role.DISTRICT_STAFF),
        "scope ids: commune officer of Bằng Thành": scope(bang_thanh, Role.COMMUNE_STAFF),
        "scope ids: provincial reviewer, Thái Nguyên": scope(thai_nguyen, Role.PROVINCIAL_REVIEWER),
        "scope ids: provincial reviewer, Hà Nội": scope(ha_noi, Role.PROVINCIAL_REVIEWER),
    }
    return {name: timed(function, reps) for name, function in cases.items()}


def main(argv=None):
    args = parse_args(argv)
    url = database_url(args.database)
    print(f"Tạo lại cơ sở dữ liệu {args.database}…")
    recreate(url)
    figures = {
        "date": date.today().isoformat(),
        "database": "PostgreSQL",
        "reps": args.reps,
        # Other work on the machine slows every figure: read them with this beside them.
        "load_average_at_start": [round(x, 1) for x in os.getloadavg()],
    }
    figures["migrate_s"], _ = manage(url, "migrate", "--noinput", "-v", "0")
    figures["load_all_s"], figures["load_all_output"] = manage(url, "load_territory", "--all")
    figures["load_all_again_s"], figures["load_all_again_output"] = manage(
        url, "load_territory", "--all"
    )
    print(f"migrate {figures['migrate_s']:.1f} s, load --all {figures['load_all_s']:.1f} s")

    os.environ.update({"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "danvan.settings"})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from territory.models import Level, Succession, Unit

    figures["counts"] = {
        "units": Unit.objects.count(),
        "links": Succession.objects.count(),
        "provinces_until_2025_06_30": Unit.objects.filter(
            level=Level.PROVINCE, valid_from__isnull=True
        ).count(),
        "communes_until_2025_06_30": Unit.objects.filter(
            level=Level.COMMUNE, valid_from__isnull=True
        ).count(),
        "provinces_from_2025_07_01": Unit.objects.current().filter(level=Level.PROVINCE).count(),
        "communes_from_2025_07_01": Unit.objects.current().filter(level=Level.COMMUNE).count(),
    }
    figures["queries"] = queries(args.reps)
    write(figures)
    return figures


def write(figures):
    RESULTS.mkdir(exist_ok=True)
    stem = RESULTS / f"{figures['date']}-territory"
    stem.with_suffix(".json").write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n")
    lines = [
        f"# Territory of the whole country, {figures['date']} ({figures['database']})",
        "",
        f"- `migrate` (Thái Nguyên, the default PORTAL_PROVINCES): {figures['migrate_s']:.1f} s",
        f"- `load_territory --all`: {figures['load_all_s']:.1f} s — {figures['load_all_output']}",
        f"- `load_territory --all` again: {figures['load_all_again_s']:.1f} s — "
        f"{figures['load_all_again_output']}",
        "",
        "| count | |",
        "| --- | ---: |",
        *(f"| {name} | {value:,} |".replace(",", ".") for name, value in figures["counts"].items()),
        "",
        f"Each query {figures['reps']} times, in milliseconds (process and database on one "
        f"2-core machine, load average {figures['load_average_at_start']} at the start):",
        "",
        "| query | median ms | max ms | rows |",
        "| --- | ---: | ---: | ---: |",
        *(
            f"| {name} | {q['median_ms']} | {q['max_ms']} | {q['rows']} |"
            for name, q in figures["queries"].items()
        ),
        "",
    ]
    stem.with_suffix(".md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
