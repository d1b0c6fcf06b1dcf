"""`manage.py rebuild_statistics`: rewrite the statistics' summary rows from the registry and
the reviews (`models_registry.facts`, `reviews.facts`), in one transaction. Run after loading
data around the write functions (the demo generator does); the write functions keep the rows
themselves."""

from django.core.management.base import BaseCommand
from django.db import transaction

from models_registry.facts import rebuild_facts
from reviews.facts import rebuild_result_facts


class Command(BaseCommand):
    help = "Tính lại từ đầu các dòng tổng hợp dùng cho trang thống kê."

    def handle(self, *args, **options):
        with transaction.atomic():
            rows = rebuild_facts()
            results = rebuild_result_facts()
        self.stdout.write(
            f"Đã tính lại {rows} dòng địa bàn, tiêu chí và {results} dòng kết quả bình xét "
            "của mô hình cho thống kê."
        )
