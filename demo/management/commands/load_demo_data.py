from django.core.management.base import BaseCommand
from django.db import transaction

from demo import accounts, registry, reviews

# Each part of the demo has `load(stdout)`; they run in this order.
DEMO_MODULES = [accounts, registry, reviews]


class Command(BaseCommand):
    help = "Nạp dữ liệu demo (tài khoản, mô hình, đợt bình xét). Chạy lại không tạo trùng. Không dùng cho môi trường thật."

    def handle(self, *args, **options):
        for module in DEMO_MODULES:
            with transaction.atomic():
                module.load(self.stdout)
