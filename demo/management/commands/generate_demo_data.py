"""Sinh dữ liệu mẫu quy mô lớn: `python manage.py generate_demo_data --models 1000000`."""

import time

from django.core.management.base import BaseCommand, CommandError

from demo.generator import generate


class Command(BaseCommand):
    help = "Sinh mô hình “Dân vận khéo” mẫu (tái lập được theo seed) trên cây địa bàn thật."

    def add_arguments(self, parser):
        parser.add_argument(
            "--models", type=int, default=300, help="Số mô hình cần có (mặc định 300)."
        )
        parser.add_argument(
            "--seed", type=int, default=2026, help="Hạt giống ngẫu nhiên (mặc định 2026)."
        )
        parser.add_argument("--from-year", type=int, default=2011)
        parser.add_argument("--to-year", type=int, default=2026)

    def handle(self, *args, **options):
        if options["models"] < 0:
            raise CommandError("Số mô hình phải lớn hơn hoặc bằng 0.")
        if options["from_year"] > options["to_year"]:
            raise CommandError("Năm bắt đầu phải trước năm kết thúc.")
        started = time.monotonic()
        result = generate(
            options["models"],
            seed=options["seed"],
            stdout=self.stdout,
            years=(options["from_year"], options["to_year"]),
        )
        elapsed = time.monotonic() - started
        rate = result.created / elapsed if elapsed and result.created else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"Xong: thêm {result.created} mô hình (đã có {result.existing}) "
                f"trong {elapsed:.1f} giây ({rate:,.0f} mô hình/giây)."
            )
        )
