"""Withdrawing a model, with its reason."""

from django import forms


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Lý do rút mô hình",
        max_length=90,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Nhập lý do rút mô hình."},
    )
