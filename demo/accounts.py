"""Demo accounts (make run only; never loaded in production)."""

from accounts.models import Role, User
from territory.models import Unit

DEMO_PASSWORD = "DanVan@2026"  # noqa: S105 — demo accounts only, printed by `make run`

# (username, full name, role, unit code, whether the unit is one of today's (from 1/7/2025)).
# The old district accounts keep their 2011–2025 records (no new ones after 30/6/2025).
DEMO_USERS = [
    ("quantri", "Nguyễn Văn Quản", Role.ADMINISTRATOR, None, False),
    ("tinh", "Hoàng Thị Tỉnh", Role.PROVINCIAL_REVIEWER, "19", True),
    ("bangthanh", "Hà Thị Thành", Role.COMMUNE_STAFF, "01864", True),
    ("babe", "Triệu Văn Bể", Role.DISTRICT_STAFF, "061", False),
    ("chodon", "Ma Thị Đồn", Role.DISTRICT_STAFF, "064", False),
    ("pacnam", "Lục Văn Nặm", Role.DISTRICT_STAFF, "060", False),
]


def _unit(code, today_unit):
    if not code:
        return None
    units = Unit.objects.filter(code=code)
    return (
        units.filter(valid_from__isnull=False) if today_unit else units.filter(valid_from=None)
    ).first()


def load(stdout):
    for username, full_name, role, unit_code, today_unit in DEMO_USERS:
        unit = _unit(unit_code, today_unit)
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "full_name": full_name,
                "role": role,
                "unit": unit,
                "is_staff": role == Role.ADMINISTRATOR,
                "is_superuser": role == Role.ADMINISTRATOR,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    stdout.write(f"Tài khoản demo (mật khẩu chung: {DEMO_PASSWORD}):")
    for user in User.objects.filter(username__in=[u[0] for u in DEMO_USERS]).select_related("unit"):
        stdout.write(
            f"  {user.username:9} {user.role_title}{' — ' + user.unit.name if user.unit else ''}"
        )
