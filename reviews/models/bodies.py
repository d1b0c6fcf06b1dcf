"""The bodies that issue commendations (dated facts)."""

from django.db import models

from ..querysets import IssuingBodyQuerySet

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
