"""A model's entry in a round, its states and its history rows (EntryEvent)."""

from django.conf import settings
from django.db import models

from ..querysets import (
    EntryEventQuerySet,
    EntryQuerySet,
)
from .rounds import ReviewRound


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
        "models_registry.DvkModel",
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
        "models_registry.DvkModel",
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
        from ..workflow import ACTION_LABELS

        return ACTION_LABELS.get(self.action, self.action)

    def get_from_state_display(self):
        return EntryState(self.from_state).label if self.from_state else ""

    def get_to_state_display(self):
        return EntryState(self.to_state).label if self.to_state else ""
