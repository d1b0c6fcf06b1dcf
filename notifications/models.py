"""In-app notifications, each possibly e-mailed, and each user's e-mail preference.

This app depends only on `accounts`: the workflows of the apps above it call `notify()`.
"""

from django.conf import settings
from django.db import models


class Event(models.TextChoices):
    MODEL_RETURNED = "tra_lai", "Mô hình bị trả lại"
    RESULTS_PUBLISHED = "cong_bo", "Công bố kết quả đợt bình xét"
    ROUND_OPENED = "mo_dot", "Mở đợt bình xét"
    DEADLINE = "han_de_nghi", "Sắp hết hạn đề nghị"
    PROPOSAL_RECEIVED = "nhan_de_nghi", "Nhận hồ sơ đề nghị"
    SCORES_MISSING = "thieu_diem", "Còn hồ sơ chưa chấm điểm"
    DECISION_ISSUED = "khen_thuong", "Quyết định khen thưởng"
    IMPORT_FINISHED = "nhap_xong", "Nhập dữ liệu xong"


class EmailMode(models.TextChoices):
    DIGEST = "hang_ngay", "Một thư tổng hợp mỗi ngày"
    IMMEDIATE = "ngay", "Gửi thư ngay khi có thông báo"
    OFF = "tat", "Không gửi thư (chỉ xem trên cổng)"


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name="người nhận",
    )
    event = models.CharField("loại", max_length=16, choices=Event.choices)
    # What the notice is about and, for reminders, the day it is due: "round:12:2026-12-01".
    # One notice per (user, event, key): a reminder run twice on a day sends nothing new.
    key = models.CharField(max_length=120, verbose_name="khóa chống gửi trùng")
    title = models.CharField("tiêu đề", max_length=300)
    body = models.TextField("nội dung", blank=True)
    url = models.CharField("đường dẫn", max_length=300, blank=True)
    created_at = models.DateTimeField("lúc", auto_now_add=True)
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)
    emailed_at = models.DateTimeField("đã gửi thư lúc", null=True, blank=True)

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "event", "key"], name="notification_once_per_user_event_key"
            )
        ]
        indexes = [
            # The header's unread count and the notifications page: a user's newest first.
            models.Index(fields=["user", "read_at", "-created_at"], name="notification_user_idx"),
            # The daily digest: notices not yet e-mailed.
            models.Index(fields=["emailed_at", "user"], name="notification_unsent_idx"),
        ]

    def __str__(self):
        return self.title


class Preference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name="người dùng",
    )
    email_mode = models.CharField(
        "nhận thư điện tử", max_length=12, choices=EmailMode.choices, default=EmailMode.DIGEST
    )

    class Meta:
        verbose_name = "cài đặt thông báo"
        verbose_name_plural = "cài đặt thông báo"

    def __str__(self):
        return f"{self.user}: {self.get_email_mode_display()}"
