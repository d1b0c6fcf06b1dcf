import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

# Each app that has demo data exposes `demo.load(stdout)`; they run in this order.
DEMO_MODULES = [
    "accounts.demo",
    "models_registry.demo",
    "reviews.demo",
    "importer.demo",
    "stats.demo",
]


class Command(BaseCommand):
    help = "Nạp dữ liệu demo (tài khoản, mô hình, đợt bình xét). Chạy lại không tạo trùng. Không dùng cho môi trường thật."

    def handle(self, *args, **options):
        for name in DEMO_MODULES:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
                continue
            with transaction.atomic():
                module.load(self.stdout)
