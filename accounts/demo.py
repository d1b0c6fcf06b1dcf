"""Demo accounts (make run only; never loaded in production)."""

from accounts.models import Role, User
from territory.models import Unit

DEMO_PASSWORD = "DanVan@2026"  # noqa: S105 — demo accounts only, printed by `make run`

DEMO_USERS = [
    ("quantri", "Nguyễn Văn Quản", Role.ADMINISTRATOR, None),
    ("tinh", "Hoàng Thị Tỉnh", Role.PROVINCIAL_REVIEWER, "06"),
    ("babe", "Triệu Văn Bể", Role.DISTRICT_STAFF, "061"),
    ("chodon", "Ma Thị Đồn", Role.DISTRICT_STAFF, "064"),
    ("pacnam", "Lục Văn Nặm", Role.DISTRICT_STAFF, "060"),
]


def load(stdout):
    for username, full_name, role, unit_code in DEMO_USERS:
        unit = Unit.objects.filter(code=unit_code, valid_from=None).first() if unit_code else None
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
    for username, _full_name, role, unit_code in DEMO_USERS:
        stdout.write(f"  {username:8} {Role(role).label}{' — ' + unit_code if unit_code else ''}")
