from django import forms

from danvan.forms import NumberField, VietnameseEmptyChoices
from models_registry.forms import unit_label
from models_registry.models import DvkModel
from territory.models import Unit

from .models import Activity, Assignment


class AssignmentForm(VietnameseEmptyChoices, forms.ModelForm):
    class Meta:
        model = Assignment
        fields = ["agency", "commune", "start_date", "end_date", "note"]
        widgets = {
            "start_date": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "end_date": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Former communes too (help recorded for past years), each named with its dates.
        self.fields["commune"].queryset = (
            Unit.objects.communes().select_related("parent").order_by("name", "valid_from")
        )
        self.fields["commune"].label_from_instance = unit_label


class ActivityForm(VietnameseEmptyChoices, forms.ModelForm):
    model_numbers = forms.CharField(
        label="Mô hình hình thành (số mô hình, cách nhau bởi dấu phẩy)",
        required=False,
        help_text="Số của mô hình ghi ở đầu trang chi tiết mô hình, ví dụ: 12, 58",
    )

    class Meta:
        model = Activity
        fields = ["assignment", "date", "description", "money", "in_kind", "in_kind_value"]
        field_classes = {"money": NumberField, "in_kind_value": NumberField}
        widgets = {
            "date": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["assignment"].queryset = Assignment.objects.select_related("agency", "commune")

    def clean_model_numbers(self):
        text = self.cleaned_data.get("model_numbers") or ""
        numbers = []
        for part in text.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit():
                raise forms.ValidationError(f"“{part}” không phải là số mô hình.")
            numbers.append(int(part))
        found = list(DvkModel.objects.visible_to(self.user).filter(pk__in=numbers))
        missing = sorted(set(numbers) - {m.pk for m in found})
        if missing:
            raise forms.ValidationError(
                "Không tìm thấy mô hình số " + ", ".join(map(str, missing)) + "."
            )
        return found
