"""Who carries a model out, created inline from the model's form: collectives and individuals."""

from django import forms

from danvan.forms import VietnameseEmptyChoices
from territory.models import Level

from ..models import Collective, Individual
from .places import scope_units


class ImplementerUnitMixin:
    def setup_unit(self, user):
        # Units of the user's territory, old tree then new (ordered by path), named with parent.
        self.fields["unit"].queryset = (
            scope_units(user)
            .filter(level__gte=Level.PROVINCE)
            .select_related("parent")
            .order_by("path")
        )
        self.fields["unit"].label_from_instance = unit_label
        self.fields["unit"].empty_label = "— Chọn địa bàn —"


def implementer_label(implementer):
    """ "Chi bộ thôn Pác Châm — Xã Bành Trạch, Huyện Ba Bể" (a collective or an individual)."""
    return (
        f"{implementer} — {implementer.unit.label()}" if implementer.unit_id else str(implementer)
    )


def unit_label(unit):
    label = unit.label()
    if unit.valid_until:
        label += f" (đến {unit.valid_until:%d/%m/%Y})"
    return label


class CollectiveForm(ImplementerUnitMixin, VietnameseEmptyChoices, forms.ModelForm):
    # Rendered inside the model form: browser "required" checks would block saving the model.
    use_required_attribute = False
    prefix = "tt"

    class Meta:
        model = Collective
        fields = ["name", "kind", "unit"]
        help_texts = {"name": "Ví dụ: Chi bộ Văn phòng Huyện ủy Pác Nặm, Hội Nông dân xã Nghĩa Tá"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_unit(user)


class IndividualForm(ImplementerUnitMixin, VietnameseEmptyChoices, forms.ModelForm):
    use_required_attribute = False
    prefix = "cn"

    class Meta:
        model = Individual
        fields = ["full_name", "gender", "birth_year", "ethnicity", "position", "unit"]
        error_messages = {"birth_year": {"invalid": "Năm sinh phải là một số, ví dụ 1975."}}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_unit(user)

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year is not None and not 1900 <= year <= 2100:
            # Same rule as the constraint individual_birth_year_plausible.
            raise forms.ValidationError("Năm sinh phải trong khoảng 1900–2100.")
        return year
