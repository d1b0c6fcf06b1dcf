from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from territory.loading import UnknownProvince, load_provinces
from territory.models import Level, Succession, Unit
from territory.workflow import carry_villages_forward


class Command(BaseCommand):
    help = (
        "Nạp đơn vị hành chính của một hoặc nhiều tỉnh (mã từ 01/07/2025) cùng các tỉnh, huyện, "
        "xã cũ đã hợp thành tỉnh đó, từ gói vietnamadminunits. Chạy nhiều lần không tạo trùng. "
        "Sau đó chạy manage.py ensure_commune_bodies để các xã, phường mới có UBND và Đảng ủy "
        "trong danh sách cơ quan khen thưởng."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            action="append",
            default=[],
            metavar="MÃ",
            help="mã tỉnh từ 01/07/2025, ví dụ 19 (Thái Nguyên); lặp lại để nạp nhiều tỉnh",
        )
        parser.add_argument("--all", action="store_true", help="nạp cả nước (34 tỉnh, thành phố)")

    @transaction.atomic
    def handle(self, *args, province, all, **options):
        if all:
            codes = ["*"]
        else:
            codes = province or settings.PORTAL_PROVINCES
        try:
            units, links = load_provinces(Unit, Succession, codes)
        except UnknownProvince as error:
            raise CommandError(str(error)) from error
        villages = carry_villages_forward(Unit, Succession)
        if connection.vendor == "postgresql" and units:
            # Thousands of rows just arrived: fresh planner statistics at once, not at the next
            # autovacuum (before it, the planner takes the tree for empty and the recursive
            # succession queries run ten times slower).
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {Unit._meta.db_table}, {Succession._meta.db_table}")
        current = Unit.objects.current()
        self.stdout.write(
            f"Thêm {units} đơn vị, {links} liên kết kế thừa, chuyển {villages} thôn sang xã mới. "
            f"Hiện có {current.filter(level=Level.PROVINCE).count()} tỉnh, "
            f"{current.filter(level=Level.COMMUNE).count()} xã, phường đang có hiệu lực."
        )
        # The reviews app keeps the communes' issuing bodies; this app does not import it.
        self.stdout.write(
            "Tiếp theo: manage.py ensure_commune_bodies (cơ quan khen thưởng của các xã mới)."
        )
