from django import forms

from danvan.forms import VietnameseEmptyChoices

from .models import Kind, Unit
from .workflow import VILLAGE_KINDS


class CommuneChoiceForm(VietnameseEmptyChoices, forms.Form):
    """An administrator picks the commune whose villages to manage (today's communes)."""

    xa = forms.ModelChoiceField(
        label="Xã, phường",
        queryset=Unit.objects.communes().current().select_related("parent").order_by("name"),
        empty_label="— Chọn xã, phường —",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["xa"].label_from_instance = lambda unit: unit.label()


class VillageForm(VietnameseEmptyChoices, forms.Form):
    name = forms.CharField(
        label="Tên thôn, bản, tổ dân phố",
        max_length=120,
        help_text="Ví dụ: Nà Hin (không cần gõ chữ “Thôn”). Tên trùng với một thôn đã có của "
        "xã (dù viết hoa, không dấu) sẽ không được thêm.",
    )
    kind = forms.ChoiceField(
        label="Loại",
        choices=[(kind.value, kind.label) for kind in VILLAGE_KINDS],
        initial=Kind.VILLAGE,
    )
