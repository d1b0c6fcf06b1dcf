from django import forms

from danvan.forms import VietnameseEmptyChoices

from .models import Preference


class PreferenceForm(VietnameseEmptyChoices, forms.ModelForm):
    class Meta:
        model = Preference
        fields = ["email_mode"]
        widgets = {"email_mode": forms.RadioSelect}
