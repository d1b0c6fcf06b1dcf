from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from models_registry.models import Criterion, CriterionSet, Field
from models_registry.reference import load_criteria, load_fields
from territory.loading import load_provinces
from territory.models import Succession, Unit
from territory.reference import load_territory
from territory.workflow import carry_villages_forward


class Command(BaseCommand):
    # Here, not in territory: it loads the registry's fields and NTM criteria too, and the
    # territory app does not import the registry.
    help = "Nạp lại dữ liệu tham chiếu (đơn vị hành chính, lĩnh vực, tiêu chí NTM). Chạy nhiều lần không tạo trùng."

    @transaction.atomic
    def handle(self, *args, **options):
        load_territory(Unit)
        load_provinces(Unit, Succession, settings.PORTAL_PROVINCES)
        carry_villages_forward(Unit, Succession)
        load_fields(Field)
        load_criteria(CriterionSet, Criterion)
        self.stdout.write(
            f"Đơn vị: {Unit.objects.count()}, lĩnh vực: {Field.objects.count()}, "
            f"tiêu chí NTM: {Criterion.objects.count()}"
        )
