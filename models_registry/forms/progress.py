"""A model's yearly progress."""

from django import forms

from danvan.forms import NumberField, VietnameseEmptyChoices

from ..models import YearlyProgress
from .model_form import FIGURES


class ProgressForm(VietnameseEmptyChoices, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change_reason = forms.CharField(
        label="Lý do thay đổi (không bắt buộc)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = YearlyProgress
        fields = [
            "year",
            "activities",
            "achievements",
            "households_mobilised",
            "money_contributed",
            "workdays_contributed",
        ]
        field_classes = {name: NumberField for name in FIGURES if name != "land_donated_m2"}
        widgets = {
            "activities": forms.Textarea(attrs={"rows": 3}),
            "achievements": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "activities": {"required": "Nhập nội dung đã thực hiện trong năm."},
            "year": {"required": "Nhập năm.", "invalid": "Năm phải là một số, ví dụ 2024."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
        if not self.instance.pk:
            del self.fields["change_reason"]  # asked on edits only
