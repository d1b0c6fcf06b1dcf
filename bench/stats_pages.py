"""The statistics pages alone, warm and right after a write, at one size (default 100.000).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_mine .venv/bin/python \
        bench/stats_pages.py --models 100000

The part of `make bench` (bench/run.py) that measures /thong-ke/, without the list, the admin,
the load run or the page weight: prepares the database as run.py does (created if missing,
migrated, demo accounts, `demo.generator` up to --models), then measures with
`pages.measure` (warm) and `pages.measure_cold` (each request right after a real edit, `bench/writes.py`)
and prints one line per page with the machine's load average.
"""

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(Path(__file__).resolve().parent))

# (label, persona, URL): the province of 2023 (Bắc Kạn), today's province this year (the
# reviewer's default), a district's old years, and one commune of today across 2019–2026.
PAGES = [
    ("Tỉnh Bắc Kạn, 2023", "tinh", "/thong-ke/?don_vi=06&nam=2023"),
    ("Tỉnh Thái Nguyên, 2026 (mặc định)", "tinh", "/thong-ke/?nam=2026"),
    ("Huyện Chợ Đồn, 2018–2020", "chodon", "/thong-ke/?don_vi=064&tu_nam=2018&den_nam=2020"),
    ("Xã Bằng Thành, 2019–2026", "tinh", "/thong-ke/?don_vi=01864&tu_nam=2019&den_nam=2026"),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    from run import database_url, ensure_database, personas, prepare_schema
    from server import production_env

    url = database_url()
    static_root = Path(tempfile.mkdtemp(prefix="danvan-stats-bench-"))
    try:
        env = production_env(url, static_root / "static")
        os.environ.update(env)
        ensure_database(url)
        import django

        django.setup()
        import pages
        from django.core.management import call_command
        from django.core.management.base import OutputWrapper

        from demo.generator import generate

        prepare_schema()
        call_command("collectstatic", "--noinput", verbosity=0)
        generate(args.models, seed=args.seed, stdout=OutputWrapper(sys.stdout))
        people = personas()
        clients = {name: pages.client_for(user) for name, user in people.items()}
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"{args.models:_} mô hình; tải máy (1, 5, 15 phút): {load}".replace("_", "."))
        print(
            "| trang | ấm: trung vị / p95 ms (truy vấn) | sau một lần ghi: trung vị / p95 ms"
            " (truy vấn) | CPU ms / yêu cầu |"
        )
        print("| --- | --- | --- | --- |")
        for label, persona, page in PAGES:
            warm = pages.measure(clients[persona], page, args.reps)
            cold = pages.measure_cold(clients[persona], page)
            print(
                f"| {label} `{page}` | {warm.get('median_ms')} / {warm.get('p95_ms')} "
                f"({warm.get('queries')}) | {cold.get('median_ms')} / {cold.get('p95_ms')} "
                f"({cold.get('queries')}) | {warm.get('cpu_ms')} |"
            )
        print("tải máy sau khi đo:", ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    finally:
        shutil.rmtree(static_root, ignore_errors=True)


if __name__ == "__main__":
    main()
