"""The model (mô hình): its status, recognition, places and history notes."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from danvan.text import clean, fold

from ..querysets import ModelQuerySet
from ..search import search_text
from .catalogue import Criterion, Field
from .implementers import Collective, Individual


class ChangeNotes(models.Model):
    """Two more columns on the model's history rows (django-simple-history `bases`): what the
    change was when the model's own columns do not say it ("Thêm tệp minh chứng", "Kết quả năm
    2024"), and the changes outside those columns (places, criteria, evidence, yearly progress)
    as [label, old, new] texts. `models_registry.workflow` fills them, see `_fill_change_notes`."""

    change_label = models.CharField("thao tác", max_length=100, blank=True, default="")
    extra_changes = models.JSONField("thay đổi khác", default=list, blank=True)

    class Meta:
        abstract = True


class Status(models.TextChoices):
    """Where a model stands. Only functions in `models_registry.workflow` and
    `reviews.workflow` change it."""

    DRAFT = "nhap", "Bản nháp"
    REGISTERED = "dang_ky", "Đã đăng ký"
    PROPOSED = "de_nghi", "Đã đề nghị xét công nhận"
    RETURNED = "tra_lai", "Trả lại để bổ sung"
    RECOGNISED = "cong_nhan", "Đã công nhận"
    NOT_RECOGNISED = "khong_cong_nhan", "Không công nhận"
    WITHDRAWN = "rut", "Đã rút"


# Not a registration: a draft was never registered, a withdrawn registration no longer counts
# (the statistics, the list's "đã đăng ký" filter and the registration counts leave them out).
NOT_REGISTERED = (Status.DRAFT, Status.WITHDRAWN)


class RegistrationType(models.TextChoices):
    NEW = "moi", "Đăng ký mới"
    CARRIED_OVER = "duy_tri", "Duy trì"


class RecognitionLevel(models.TextChoices):
    NONE = "", "Chưa công nhận"
    DISTRICT = "huyen", "Cấp huyện"
    # From 1/7/2025 a commune recognises its models (the rank of the district level before).
    COMMUNE = "xa", "Cấp xã"
    PROVINCE = "tinh", "Cấp tỉnh"
    CENTRAL = "trung_uong", "Cấp Trung ương"


# How high a recognition is: a model's only ever goes up (a round's outcome, an older list
# imported). A commune's, from 1/7/2025, ranks as a district's did before.
RECOGNITION_RANK = {
    RecognitionLevel.NONE: 0,
    RecognitionLevel.DISTRICT: 1,
    RecognitionLevel.COMMUNE: 1,
    RecognitionLevel.PROVINCE: 2,
    RecognitionLevel.CENTRAL: 3,
}


class ImplementerType(models.TextChoices):
    COLLECTIVE = "tap_the", "Tập thể"
    INDIVIDUAL = "ca_nhan", "Cá nhân"


class DvkModel(models.Model):
    """A registered "Dân vận khéo" model. Registered once, updated every year after."""

    title = models.CharField("tên mô hình", max_length=500)
    collective = models.ForeignKey(
        Collective,
        verbose_name="tập thể thực hiện",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="models",
    )
    individual = models.ForeignKey(
        Individual,
        verbose_name="cá nhân thực hiện",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="models",
    )
    field = models.ForeignKey(
        Field,
        verbose_name="lĩnh vực",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="models",
    )
    year = models.PositiveSmallIntegerField("năm đăng ký")
    registration_type = models.CharField(
        "hình thức đăng ký",
        max_length=8,
        choices=RegistrationType.choices,
        default=RegistrationType.NEW,
    )
    # Owner territory: the district (before 1/7/2025) or commune (after) whose staff keep it;
    # never a village (scope lists rely on it: `User.scope_unit_ids`).
    unit = models.ForeignKey(
        "territory.Unit",
        verbose_name="đơn vị quản lý",
        on_delete=models.PROTECT,
        related_name="owned_models",
        limit_choices_to={"level__lte": 3},  # territory.models.Level.COMMUNE
        # model_unit_year_idx (unit, year) serves every lookup by unit: one index less to
        # write on each insert (bulk imports).
        db_index=False,
    )
    # First commune among the places, kept on save: scope across 2025 and per-commune counts.
    commune = models.ForeignKey(
        "territory.Unit",
        verbose_name="xã chính",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        db_index=False,  # model_commune_year_idx (commune, year) serves lookups by commune
    )
    places = models.ManyToManyField(
        "territory.Unit", verbose_name="địa bàn thực hiện", blank=True, related_name="models"
    )
    start_date = models.DateField("thời gian bắt đầu", null=True, blank=True)
    end_date = models.DateField("thời gian kết thúc", null=True, blank=True)
    goals = models.TextField("mục tiêu", blank=True)
    approach = models.TextField("cách làm", blank=True)
    results = models.TextField("kết quả", blank=True)
    households_mobilised = models.PositiveIntegerField("số hộ được vận động", null=True, blank=True)
    land_donated_m2 = models.DecimalField(
        "đất hiến (m²)", max_digits=12, decimal_places=1, null=True, blank=True
    )
    money_contributed = models.PositiveBigIntegerField(
        "tiền đóng góp (đồng)", null=True, blank=True
    )
    workdays_contributed = models.PositiveIntegerField("ngày công đóng góp", null=True, blank=True)
    people_mobilised = models.PositiveIntegerField("số người tham gia", null=True, blank=True)
    other_outcomes = models.TextField("kết quả định lượng khác", blank=True)
    criteria = models.ManyToManyField(
        Criterion, verbose_name="tiêu chí nông thôn mới", blank=True, related_name="models"
    )
    partners = models.TextField(
        "đơn vị phối hợp, giúp đỡ",
        blank=True,
        help_text="Ví dụ: Ban Dân vận Tỉnh ủy giúp đỡ xã Bành Trạch",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="nhân rộng từ mô hình",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replications",
    )
    note = models.TextField("ghi chú", blank=True)
    # The public showcase names an individual only with their agreement (showcase.querysets).
    individual_consents = models.BooleanField(
        "cá nhân đồng ý công khai họ tên",
        default=False,
        help_text="Chỉ đánh dấu khi người thực hiện đã đồng ý cho đăng họ tên trên trang công khai.",
    )

    status = models.CharField(
        "trạng thái", max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    # Kept by reviews.workflow (and the importer's historical backfill) for fast statistics.
    recognition_level = models.CharField(
        "cấp công nhận", max_length=12, choices=RecognitionLevel.choices, blank=True, default=""
    )
    recognition_year = models.PositiveSmallIntegerField("năm công nhận", null=True, blank=True)
    is_exemplary = models.BooleanField("điển hình", default=False)
    replication_recommended = models.BooleanField("khuyến cáo nhân rộng", default=False)
    replication_note = models.TextField("ghi chú nhân rộng", blank=True)

    # Folded (no diacritics, lower case) texts for duplicate detection and search.
    title_key = models.CharField(
        max_length=500, editable=False, default="", verbose_name="khóa tên (phát hiện trùng)"
    )
    search_text = models.TextField(editable=False, default="", verbose_name="nội dung tìm kiếm")
    version = models.PositiveIntegerField(default=1, editable=False, verbose_name="phiên bản")
    # The one-time token of the create form that made this model (danvan.once); empty for
    # models made by the importer, the demo data or scripts.
    form_token = models.CharField(
        max_length=32, null=True, blank=True, editable=False, verbose_name="mã biểu mẫu"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name="người tạo",
    )
    created_at = models.DateTimeField("ngày tạo", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    objects = ModelQuerySet.as_manager()
    history = HistoricalRecords(
        table_name="models_registry_historicalmodel",
        excluded_fields=["search_text", "title_key", "updated_at", "form_token"],
        bases=[ChangeNotes],
        # The reason a person typed on the edit form: not cut at 100 characters.
        history_change_reason_field=models.TextField("lý do thay đổi", null=True),
    )

    class Meta:
        verbose_name = "mô hình"
        verbose_name_plural = "mô hình"
        # The class was called `DvkModel` until 12/2026; the tables kept their names, so raw
        # SQL, backups and indexes written against them stay valid.
        db_table = "models_registry_model"
        ordering = ["-year", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(collective__isnull=False) & Q(individual__isnull=True))
                | (Q(collective__isnull=True) & Q(individual__isnull=False)),
                name="model_exactly_one_implementer",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1990, year__lte=2100), name="model_year_plausible"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="model_period_ordered",
            ),
            # Two simultaneous submits of one create form (a double click, a browser retry)
            # make one model: the second insert fails and is led to the first
            # (workflow.AlreadySubmitted).
            models.UniqueConstraint(
                fields=["form_token"],
                condition=Q(form_token__isnull=False),
                name="model_form_token_once",
            ),
        ]
        indexes = [
            # List filtered by territory and year (the default district officer view). On
            # PostgreSQL these two also carry the columns the statistics count and the id
            # (migrations 0021, 0022), so a territory's registrations and model ids are read
            # from them alone.
            models.Index(fields=["unit", "year"], name="model_unit_year_idx"),
            # Scope across the 2025 reorganisation and per-commune statistics.
            models.Index(fields=["commune", "year"], name="model_commune_year_idx"),
            # Province-wide list / statistics for one year, newest first.
            models.Index(fields=["year", "id"], name="model_year_id_idx"),
            # Duplicate check and importer natural key: (year, folded title).
            models.Index(fields=["year", "title_key"], name="model_year_title_idx"),
            # Status filter and to-do lists.
            models.Index(fields=["status", "year"], name="model_status_year_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title = clean(self.title)
        self.title_key = fold(self.title)
        if not self.search_text:
            self.refresh_search_fields()
        super().save(*args, **kwargs)

    @property
    def implementer(self):
        return self.collective or self.individual

    @property
    def locality(self):
        """Where lists say the model is: "Xã Bành Trạch, Huyện Ba Bể"; the commune once only
        when it is also the owner unit (models of the communes formed on 1/7/2025)."""
        names = [self.commune.name] if self.commune_id else []
        if self.unit_id != self.commune_id:
            names.append(self.unit.name)
        return ", ".join(names)

    @property
    def implementer_type(self):
        return ImplementerType.COLLECTIVE if self.collective_id else ImplementerType.INDIVIDUAL

    @property
    def is_draft(self):
        return self.status == Status.DRAFT

    def refresh_search_fields(self, place_names=()):
        """Recompute the folded search columns (call after places or implementer change)."""
        implementer = self.implementer
        self.title_key = fold(self.title)
        parts = [self.title, str(implementer) if implementer else "", *place_names]
        self.search_text = search_text(parts)


def _fill_change_notes(sender, instance, history_instance, **kwargs):
    """Copy the workflow's notes for this change onto the history row being written, the way
    simple-history itself reads `_history_user` and `_change_reason` from the instance."""
    if isinstance(instance, DvkModel):
        history_instance.change_label = getattr(instance, "_history_label", "")
        history_instance.extra_changes = getattr(instance, "_history_extra", [])


pre_create_historical_record.connect(_fill_change_notes, dispatch_uid="registry_change_notes")
