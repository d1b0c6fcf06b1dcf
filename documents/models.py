"""How an issuing body's documents are laid out: header, signer's title, and where the printed
text sits on its pre-printed certificate blanks."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

# A shift beyond this would push the text off an A4 sheet.
MAX_OFFSET_MM = 100


class HeaderKind(models.TextChoices):
    STATE = "nha_nuoc", "Cơ quan nhà nước (Cộng hòa xã hội chủ nghĩa Việt Nam)"
    PARTY = "dang", "Cơ quan Đảng (Đảng Cộng sản Việt Nam)"


PARTY_MARKERS = ("tỉnh ủy", "huyện ủy", "thành ủy", "đảng ủy", "trung ương", "ban thường vụ")


def guess_header(name):
    """A Party body (Ban … Tỉnh ủy, Ban Thường vụ Huyện ủy, Ban … Trung ương) or a state body
    (UBND …, Ủy ban nhân dân …)."""
    folded = name.lower()
    if folded.startswith(("ubnd", "ủy ban nhân dân", "uỷ ban nhân dân")):
        return HeaderKind.STATE
    return HeaderKind.PARTY if any(m in folded for m in PARTY_MARKERS) else HeaderKind.STATE


class IssuerLayout(models.Model):
    """Saved by the administrator, one per issuing body; defaults apply without one."""

    issuer = models.OneToOneField(
        "reviews.IssuingBody",
        verbose_name="cơ quan khen thưởng",
        on_delete=models.CASCADE,
        related_name="layout",
    )
    header = models.CharField("quốc hiệu", max_length=10, choices=HeaderKind.choices)
    superior = models.CharField(
        "cơ quan cấp trên (dòng trên tên cơ quan)",
        max_length=150,
        blank=True,
        help_text="Ví dụ: TỈNH ỦY THÁI NGUYÊN (để trống nếu không có).",
    )
    signer_title = models.CharField(
        "chức danh người ký", max_length=150, blank=True, help_text="Ví dụ: TRƯỞNG BAN, CHỦ TỊCH"
    )
    offset_x_mm = models.DecimalField(
        "dịch ngang (mm)",
        max_digits=5,
        decimal_places=1,
        default=0,
        help_text="Số dương dịch chữ sang phải, số âm sang trái, để khớp phôi in sẵn.",
    )
    offset_y_mm = models.DecimalField(
        "dịch dọc (mm)",
        max_digits=5,
        decimal_places=1,
        default=0,
        help_text="Số dương dịch chữ xuống dưới, số âm lên trên.",
    )

    class Meta:
        verbose_name = "mẫu in của cơ quan"
        verbose_name_plural = "mẫu in của cơ quan"
        constraints = [
            models.CheckConstraint(
                condition=Q(offset_x_mm__gte=-MAX_OFFSET_MM, offset_x_mm__lte=MAX_OFFSET_MM)
                & Q(offset_y_mm__gte=-MAX_OFFSET_MM, offset_y_mm__lte=MAX_OFFSET_MM),
                name="issuer_layout_offsets_on_the_sheet",
            )
        ]

    def __str__(self):
        return f"Mẫu in: {self.issuer}"

    def clean(self):
        # Same rule as the constraint issuer_layout_offsets_on_the_sheet.
        for name in ("offset_x_mm", "offset_y_mm"):
            value = getattr(self, name)
            if value is not None and abs(value) > MAX_OFFSET_MM:
                raise ValidationError(
                    {
                        name: f"Chỉ dịch tối đa {MAX_OFFSET_MM} mm, nếu không chữ sẽ ra ngoài tờ giấy."
                    }
                )


def layout_of(issuer):
    """The saved layout, or an unsaved default guessed from the body's name."""
    try:
        return issuer.layout
    except IssuerLayout.DoesNotExist:
        return IssuerLayout(issuer=issuer, header=guess_header(issuer.name))


def signer_title_of(layout):
    """The saved title, or the usual one for the kind of body."""
    if layout.signer_title:
        return layout.signer_title
    name = layout.issuer.name.lower()
    if name.startswith("ban thường vụ"):
        return "T/M BAN THƯỜNG VỤ"
    if layout.header == HeaderKind.STATE:
        return "CHỦ TỊCH"
    return "TRƯỞNG BAN"
