from django.core.management.base import BaseCommand
from django.db import transaction

from reviews.bodies import ensure_commune_bodies
from reviews.models import IssuingBody
from territory.models import Unit


class Command(BaseCommand):
    help = (
        "Thêm UBND và Đảng ủy của các xã, phường (từ 01/07/2025) chưa có trong danh sách cơ quan "
        "khen thưởng; chạy sau mỗi lần load_territory. Chạy nhiều lần không tạo trùng."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        created = ensure_commune_bodies(IssuingBody, Unit)
        self.stdout.write(f"Thêm {created} cơ quan khen thưởng cấp xã.")
