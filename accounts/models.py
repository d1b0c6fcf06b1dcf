from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    DISTRICT_STAFF = "district_staff", "Cán bộ Ban Dân vận cấp huyện"
    COMMUNE_STAFF = "commune_staff", "Cán bộ cấp xã"
    # Named as today's committee; `User.role_title` gives the name of the day (Ban Dân vận
    # Tỉnh ủy until 28/2/2025).
    PROVINCIAL_REVIEWER = "provincial_reviewer", "Cán bộ Ban Tuyên giáo và Dân vận Tỉnh ủy"
    ADMINISTRATOR = "administrator", "Quản trị viên"


# Officers of a district (until 30/6/2025) or of a commune (from 1/7/2025): `User.is_local_staff`
# and every query for them.
LOCAL_STAFF_ROLES = (Role.DISTRICT_STAFF, Role.COMMUNE_STAFF)


class User(AbstractUser):
    """A portal account. Its territory unit bounds everything it can see (see `scope_units`)."""

    full_name = models.CharField("họ và tên", max_length=150, blank=True)
    role = models.CharField(
        "vai trò", max_length=32, choices=Role.choices, default=Role.DISTRICT_STAFF
    )
    unit = models.ForeignKey(
        "territory.Unit",
        verbose_name="đơn vị",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text="Huyện (hoặc xã từ 01/07/2025) của cán bộ cấp huyện; tỉnh của cán bộ tỉnh.",
    )

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.full_name or self.get_full_name() or self.username

    @property
    def is_district_staff(self):
        return self.role == Role.DISTRICT_STAFF

    @property
    def is_commune_staff(self):
        return self.role == Role.COMMUNE_STAFF

    @property
    def is_local_staff(self):
        """An officer of a district (until 30/6/2025) or of a commune (from 1/7/2025)."""
        return self.role in LOCAL_STAFF_ROLES

    @property
    def unit_abolished(self):
        """The account's unit no longer exists (a district after 30/6/2025, Bắc Kạn): the
        account keeps its old records, see `scope_units` and `accounts.dated`."""
        from .dated import is_abolished

        return self.unit_id is not None and is_abolished(self.unit)

    @property
    def reads_only(self):
        """The one rule for accounts of abolished units: local staff whose unit no longer
        exists (a district after 30/6/2025) keep read access to their unit's old records and
        change nothing: no registration, edit, deletion, evidence, progress, proposal, round,
        decision or import. Every write rule of the registry, reviews and importer asks this;
        the notice (`accounts.dated.read_only_message`) names the successor units. A provincial
        account of Bắc Kạn is not read-only: it works on for its one successor, Thái Nguyên."""
        return self.is_local_staff and self.unit_abolished

    def works_for_year(self, year):
        """Local staff keep records only of years in which their unit existed (no 2026 model,
        round or recognition for Huyện Ba Bể), and only while it exists (`reads_only`);
        administrators are not bound to a unit."""
        from .dated import valid_in_year

        if self.is_administrator:
            return True
        if not self.is_local_staff or self.unit_id is None or self.reads_only:
            return False
        return valid_in_year(self.unit, year)

    def successor_units(self):
        """The units that took over an abolished unit, for the notice and the admin action."""
        from .dated import replacements

        return replacements(self.unit) if self.unit_abolished else []

    @property
    def role_title(self):
        """The role with the dated name of its committee (Ban Dân vận Tỉnh ủy until
        28/2/2025, Ban Tuyên giáo và Dân vận Tỉnh ủy after)."""
        from .dated import province_committee_name

        if self.is_reviewer:
            return f"Cán bộ {province_committee_name()}"
        return self.get_role_display()

    @property
    def is_reviewer(self):
        return self.role == Role.PROVINCIAL_REVIEWER

    @property
    def is_administrator(self):
        return self.role == Role.ADMINISTRATOR or self.is_superuser

    @property
    def sees_everything(self):
        """Administrators without a unit see the whole portal."""
        return self.is_administrator and self.unit_id is None

    def scope_unit_ids(self):
        """The ids of `scope_units()` at district and commune level, read once per request and
        kept on this user object.

        DvkModel lists filter `unit_id = ANY(ids) OR commune_id = ANY(ids)`: a model's owner unit
        is a district or a commune and its commune a commune (never a village: see
        `DvkModel.unit`), so villages are left out. A literal list of a few hundred ids lets
        PostgreSQL use the (unit, year) and (commune, year) indexes and plan in a millisecond,
        where the recursive scope subquery would be evaluated twice per query and estimated
        badly, and thousands of village ids would cost more to plan than to run. Not cached
        beyond the request: the recursive query costs 1–13 ms even on the whole country's
        territory (bench/results/*-territory.md)."""
        if not hasattr(self, "_scope_unit_ids"):
            from territory.models import Level

            self._scope_unit_ids = list(
                self.scope_units(down_to=Level.COMMUNE).values_list("pk", flat=True)
            )
        return self._scope_unit_ids

    def scope_units(self, down_to=None):
        """The one door: a queryset of the units this user may see (lazy, used as a subquery);
        `down_to` a level: only the units down to that level."""
        from territory.models import Level, Unit

        down_to = down_to or Level.VILLAGE
        if self.sees_everything:
            units = Unit.objects.all()
        elif self.unit_id is None:
            return Unit.objects.none()
        elif self.unit.level == Level.DISTRICT:
            # A district's records are its own subtree: the 2025 communes formed from its
            # communes (Xã Đồng Phúc took communes of Ba Bể and Chợ Đồn) belong to neither
            # district's officers.
            units = Unit.objects.under(self.unit, include_self=True)
        else:
            return Unit.objects.in_scope_of(self.unit, down_to=down_to)
        return units.filter(level__lte=down_to)


class AuditAction(models.TextChoices):
    LOGIN = "login", "Đăng nhập"
    LOGIN_FAILED = "login_failed", "Đăng nhập thất bại"
    LOGOUT = "logout", "Đăng xuất"
    EXPORT = "export", "Xuất dữ liệu"
    IMPORT = "import", "Nhập dữ liệu"
    DOWNLOAD = "download", "Tải tệp"
    ACCESS_REFUSED = "access_refused", "Truy cập ngoài địa bàn bị từ chối"
    LOCKED_OUT = "locked_out", "Tạm khóa đăng nhập"
    PASSWORD_CHANGED = "password_changed", "Đổi mật khẩu"
    PASSWORD_RESET = "password_reset", "Đặt lại mật khẩu"
    TWO_FACTOR = "two_factor", "Xác thực hai lớp"


class AuditEvent(models.Model):
    """Who did what sensitive thing, when, from where. Written by `accounts.audit.record`."""

    user = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người dùng",
    )
    username = models.CharField("tên đăng nhập", max_length=150, blank=True)
    action = models.CharField("thao tác", max_length=20, choices=AuditAction.choices)
    at = models.DateTimeField("lúc", auto_now_add=True)
    ip_address = models.GenericIPAddressField("địa chỉ IP", null=True, blank=True)
    detail = models.CharField("chi tiết", max_length=500, blank=True)

    class Meta:
        verbose_name = "nhật ký truy cập"
        verbose_name_plural = "nhật ký truy cập"
        ordering = ["-at"]
        indexes = [
            # Admin list: newest events first, optionally filtered by action.
            models.Index(fields=["action", "-at"], name="audit_action_at_idx"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} — {self.username}"
