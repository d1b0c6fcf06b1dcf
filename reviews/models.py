"""Yearly review rounds, scores, outcomes, commendation decisions.

Every state change goes through `reviews.workflow`; each writes an `EntryEvent`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .querysets import (
    DecisionQuerySet,
    EntryEventQuerySet,
    EntryQuerySet,
    IssuingBodyQuerySet,
    RecipientQuerySet,
    RoundQuerySet,
)


class RoundLevel(models.TextChoices):
    """Dated: district → province until 30/6/2025, commune → province from 1/7/2025 (see
    `rules.round_problem`)."""

    DISTRICT = "huyen", "Cấp huyện"
    COMMUNE = "xa", "Cấp xã"
    PROVINCE = "tinh", "Cấp tỉnh"


# The levels a local unit's own round has (the province's round is the other one).
LOCAL_ROUND_LEVELS = (RoundLevel.DISTRICT, RoundLevel.COMMUNE)


class ReviewRound(models.Model):
    """Đợt bình xét: one year, one organising body (a district committee until 30/6/2025, a
    commune from 1/7/2025, or the province)."""

    name = models.CharField("tên đợt", max_length=255)
    year = models.PositiveSmallIntegerField("năm")
    level = models.CharField("cấp", max_length=8, choices=RoundLevel.choices)
    organiser = models.ForeignKey(
        "territory.Unit",
        verbose_name="đơn vị tổ chức",
        on_delete=models.PROTECT,
        related_name="review_rounds",
    )
    deadline = models.DateField("hạn đề nghị")
    is_closed = models.BooleanField("đã kết thúc", default=False)
    closed_at = models.DateTimeField("kết thúc lúc", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người kết thúc đợt",
    )
    publish_on_close = models.BooleanField(
        "công bố kết quả khi kết thúc đợt",
        default=True,
        help_text="Kết quả được ghi nhận lặng lẽ và chỉ công bố cho huyện khi kết thúc đợt.",
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="ngày tạo")

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = "đợt bình xét"
        verbose_name_plural = "đợt bình xét"
        ordering = ["-year", "level", "organiser__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "level", "organiser"], name="round_once_per_year_level_organiser"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_open(self):
        return not self.is_closed


class RubricCriterion(models.Model):
    """A recognition criterion reviewers score (editable by administrators)."""

    name = models.CharField("tiêu chí", max_length=255)
    description = models.TextField("hướng dẫn chấm", blank=True)
    max_score = models.PositiveSmallIntegerField("điểm tối đa", default=10)
    weight = models.DecimalField("trọng số", max_digits=4, decimal_places=2, default=1)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    is_active = models.BooleanField("đang dùng", default=True)

    class Meta:
        verbose_name = "tiêu chí chấm điểm"
        verbose_name_plural = "tiêu chí chấm điểm"
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(max_score__gt=0), name="rubric_max_score_positive"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="rubric_weight_positive"),
        ]

    def __str__(self):
        return self.name


class EntryState(models.TextChoices):
    PROPOSED = "dang_xet", "Đang xét"
    RETURNED = "tra_lai", "Trả lại để bổ sung"
    RECOGNISED = "cong_nhan", "Công nhận"
    EXEMPLARY = "dien_hinh", "Điển hình, tiêu biểu"
    PROPOSED_HIGHER = "de_nghi_cap_tren", "Đề nghị cấp trên"
    NOT_RECOGNISED = "khong_cong_nhan", "Không công nhận"


# Outcomes that recognise the model at the round's level.
RECOGNISING_STATES = (EntryState.RECOGNISED, EntryState.EXEMPLARY, EntryState.PROPOSED_HIGHER)


class Entry(models.Model):
    """A model proposed to a round (hồ sơ đề nghị) and its outcome there."""

    round = models.ForeignKey(
        ReviewRound, verbose_name="đợt", on_delete=models.PROTECT, related_name="entries"
    )
    model = models.ForeignKey(
        "models_registry.Model",
        verbose_name="mô hình",
        on_delete=models.PROTECT,
        related_name="review_entries",
    )
    state = models.CharField(
        "kết quả", max_length=20, choices=EntryState.choices, default=EntryState.PROPOSED
    )
    reason = models.TextField("lý do", blank=True)
    is_published = models.BooleanField("đã công bố", default=False)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="người đề nghị",
    )
    proposed_at = models.DateTimeField(auto_now_add=True, verbose_name="đề nghị lúc")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người quyết định",
    )
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name="quyết định lúc")
    # Kept when an exemplary entry is then proposed to a higher level (its state moves on).
    is_exemplary = models.BooleanField("điển hình", default=False)
    replication_recommended = models.BooleanField("khuyến cáo nhân rộng", default=False)
    replication_note = models.TextField("ghi chú nhân rộng", blank=True)
    # Optimistic locking: every change bumps it; a change based on an older version is refused.
    version = models.PositiveIntegerField(default=1, verbose_name="phiên bản")
    # The district entry whose "Đề nghị cấp trên" put this model into the provincial round.
    escalated_from = models.OneToOneField(
        "self",
        verbose_name="đề nghị từ hồ sơ",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="escalated_to",
        editable=False,
    )

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = "hồ sơ đề nghị"
        verbose_name_plural = "hồ sơ đề nghị"
        ordering = ["round", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "model"], name="entry_once_per_round_model")
        ]
        indexes = [
            # Statistics and queues: entries of a round by outcome.
            models.Index(fields=["round", "state"], name="entry_round_state_idx"),
        ]

    def __str__(self):
        return f"{self.model} — {self.round}"

    @property
    def outcome_is_public(self):
        """District staff see an outcome once published; "returned" and "being reviewed" at once
        (the district must be able to complete the file and propose it again)."""
        return self.is_published or self.state in (EntryState.PROPOSED, EntryState.RETURNED)

    @property
    def public_state(self):
        return self.state if self.outcome_is_public else EntryState.PROPOSED

    def get_public_state_display(self):
        return EntryState(self.public_state).label


class Assessment(models.Model):
    """One reviewer's scoring of one entry."""

    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="assessments", verbose_name="hồ sơ đề nghị"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name="người chấm",
    )
    comment = models.TextField("nhận xét", blank=True)
    total = models.DecimalField(
        "điểm quy đổi (thang 100)", max_digits=5, decimal_places=2, default=0
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name="cập nhật lúc")
    version = models.PositiveIntegerField(default=1, verbose_name="phiên bản")

    class Meta:
        verbose_name = "phiếu chấm"
        verbose_name_plural = "phiếu chấm"
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "reviewer"], name="assessment_once_per_reviewer"
            )
        ]

    def __str__(self):
        return f"Phiếu chấm của {self.reviewer} — {self.entry}"


class Score(models.Model):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="scores", verbose_name="phiếu chấm"
    )
    criterion = models.ForeignKey(
        RubricCriterion, on_delete=models.PROTECT, related_name="+", verbose_name="tiêu chí"
    )
    value = models.DecimalField("điểm", max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = "điểm theo tiêu chí"
        verbose_name_plural = "điểm theo tiêu chí"
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="score_once_per_criterion"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="score_not_negative"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"


class ConflictDeclaration(models.Model):
    """A reviewer excludes themself from an entry (e.g. their own unit's model)."""

    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="conflicts", verbose_name="hồ sơ đề nghị"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="người chấm",
    )
    reason = models.TextField("lý do")
    declared_at = models.DateTimeField(auto_now_add=True, verbose_name="khai báo lúc")

    class Meta:
        verbose_name = "khai báo xung đột lợi ích"
        verbose_name_plural = "khai báo xung đột lợi ích"
        constraints = [
            models.UniqueConstraint(fields=["entry", "reviewer"], name="conflict_once_per_reviewer")
        ]

    def __str__(self):
        return f"{self.reviewer} tự rút khỏi {self.entry}"


class EntryEvent(models.Model):
    """History row written by every state change: who, when, from, to, reason."""

    entry = models.ForeignKey(
        Entry,
        on_delete=models.CASCADE,
        related_name="events",
        null=True,
        blank=True,
        verbose_name="hồ sơ đề nghị",
    )
    model = models.ForeignKey(
        "models_registry.Model",
        on_delete=models.CASCADE,
        related_name="review_events",
        verbose_name="mô hình",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="người thực hiện",
    )
    at = models.DateTimeField(auto_now_add=True, verbose_name="lúc")
    action = models.CharField("thao tác", max_length=40)
    from_state = models.CharField("từ", max_length=20, blank=True)
    to_state = models.CharField("sang", max_length=20, blank=True)
    reason = models.TextField("lý do", blank=True)

    objects = EntryEventQuerySet.as_manager()

    class Meta:
        verbose_name = "lịch sử bình xét"
        verbose_name_plural = "lịch sử bình xét"
        ordering = ["at", "id"]
        indexes = [
            # A model's review history on its detail page.
            models.Index(fields=["model", "at"], name="entryevent_model_at_idx"),
        ]

    def __str__(self):
        return f"{self.action}: {self.from_state} → {self.to_state}"

    def get_action_display(self):
        from .workflow import ACTION_LABELS

        return ACTION_LABELS.get(self.action, self.action)

    def get_from_state_display(self):
        return EntryState(self.from_state).label if self.from_state else ""

    def get_to_state_display(self):
        return EntryState(self.to_state).label if self.to_state else ""


# Folded name starts and words of Party bodies (see `IssuingBody.is_party_body`).
PARTY_BODY_STARTS = ("ban ", "tinh uy", "huyen uy", "dang uy", "thanh uy")
PARTY_BODY_WORDS = (" tinh uy", " huyen uy", " dang uy", " thanh uy", "trung uong dang")


class IssuerLevel(models.TextChoices):
    CENTRAL = "trung_uong", "Trung ương"
    PROVINCE = "tinh", "Tỉnh"
    DISTRICT = "huyen", "Huyện"
    COMMUNE = "xa", "Xã"


class IssuingBody(models.Model):
    """A body that issues commendations; a dated fact (bodies were merged and renamed in 2025)."""

    name = models.CharField("tên cơ quan", max_length=255)
    level = models.CharField("cấp", max_length=12, choices=IssuerLevel.choices)
    unit = models.ForeignKey(
        "territory.Unit",
        verbose_name="địa bàn",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issuing_bodies",
    )
    valid_from = models.DateField("hoạt động từ", null=True, blank=True)
    valid_until = models.DateField("hoạt động đến", null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name="cơ quan kế tục",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
    )

    objects = IssuingBodyQuerySet.as_manager()

    class Meta:
        verbose_name = "cơ quan khen thưởng"
        verbose_name_plural = "cơ quan khen thưởng"
        ordering = ["level", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "valid_from"], name="issuer_name_once_per_start"
            ),
        ]

    def __str__(self):
        return self.name

    def is_valid_on(self, day):
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )

    def successor_on(self, day):
        """The body that carried this one's work on `day`, following the chain of successors
        (Ban Dân vận Tỉnh ủy Bắc Kạn → Ban Tuyên giáo và Dân vận Tỉnh ủy Bắc Kạn → … Thái
        Nguyên): never a body that had itself expired by then. None when there is none."""
        body, seen = self.successor, {self.pk}
        while body is not None and body.pk not in seen:
            if body.is_valid_on(day):
                return body
            seen.add(body.pk)
            body = body.successor
        return None

    @property
    def is_party_body(self):
        """A Party committee or its boards (Ban …, Tỉnh ủy, Đảng ủy); otherwise a state body
        (UBND, its chair). Their papers carry different national headers."""
        from danvan.text import fold

        name = fold(self.name)
        return name.startswith(PARTY_BODY_STARTS) or any(w in name for w in PARTY_BODY_WORDS)

    @property
    def national_header(self):
        """The header on the right of the body's papers."""
        if self.is_party_body:
            return ("ĐẢNG CỘNG SẢN VIỆT NAM",)
        return ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")

    @property
    def place(self):
        """The place of its papers' date line (`accounts.dated.place_of`)."""
        from accounts.dated import place_of

        return place_of(self.unit)


class CommendationForm(models.TextChoices):
    CERTIFICATE_OF_MERIT = "bang_khen", "Bằng khen"
    COMMENDATION = "giay_khen", "Giấy khen"
    CERTIFICATE = "giay_chung_nhan", "Giấy chứng nhận"
    LETTER = "thu_khen", "Thư khen"
    OTHER = "khac", "Hình thức khác"


def decision_scan_path(instance, filename):
    import uuid
    from pathlib import Path

    return f"decisions/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Decision(models.Model):
    """Quyết định khen thưởng số …/QĐ-… ngày …"""

    number = models.CharField("số quyết định", max_length=50)
    date = models.DateField("ngày ký")
    issuer = models.ForeignKey(
        IssuingBody,
        verbose_name="cơ quan ban hành",
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    form = models.CharField("hình thức", max_length=20, choices=CommendationForm.choices)
    year = models.PositiveSmallIntegerField("khen thưởng cho năm")
    signatory = models.CharField("người ký", max_length=150, blank=True)
    scan = models.FileField("bản quét", upload_to=decision_scan_path, blank=True, max_length=255)
    round = models.ForeignKey(
        ReviewRound,
        verbose_name="đợt bình xét",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="người tạo",
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="ngày tạo")

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = "quyết định khen thưởng"
        verbose_name_plural = "quyết định khen thưởng"
        ordering = ["-date", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "number", "date"], name="decision_unique_number"
            ),
        ]
        indexes = [
            # Statistics: commendations of a year range by issuer and form.
            models.Index(fields=["year", "issuer", "form"], name="decision_year_issuer_idx"),
        ]

    def __str__(self):
        return f"Quyết định số {self.number} ngày {self.date:%d/%m/%Y}"


class Recipient(models.Model):
    """A collective or an individual commended by a decision, for a model."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="recipients", verbose_name="quyết định"
    )
    collective = models.ForeignKey(
        "models_registry.Collective",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commendations",
        verbose_name="tập thể",
    )
    individual = models.ForeignKey(
        "models_registry.Individual",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commendations",
        verbose_name="cá nhân",
    )
    model = models.ForeignKey(
        "models_registry.Model",
        verbose_name="mô hình",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commendations",
    )
    citation = models.TextField("thành tích", blank=True)
    position = models.CharField("chức vụ, đơn vị", max_length=255, blank=True)
    order = models.PositiveSmallIntegerField("STT", default=0)

    objects = RecipientQuerySet.as_manager()

    class Meta:
        verbose_name = "tập thể, cá nhân được khen"
        verbose_name_plural = "tập thể, cá nhân được khen"
        ordering = ["decision", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(collective__isnull=False) & Q(individual__isnull=True))
                | (Q(collective__isnull=True) & Q(individual__isnull=False)),
                name="recipient_exactly_one",
            ),
        ]

    def __str__(self):
        return str(self.collective or self.individual)

    @property
    def recipient(self):
        return self.collective or self.individual
