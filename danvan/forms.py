"""What every form of the portal shares: the empty choice reads "— Chọn —", not "---------"."""

from django import forms
from django.db.models.fields import BLANK_CHOICE_DASH

EMPTY_LABEL = "— Chọn —"
_DASHES = BLANK_CHOICE_DASH[0][1]


class VietnameseEmptyChoices:
    """A form mixin: Django's "---------" empty choice (model and plain choice fields) becomes
    EMPTY_LABEL. Labels a form sets itself ("— Chọn huyện —") are kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                if field.empty_label == _DASHES:
                    field.empty_label = EMPTY_LABEL
            elif isinstance(field, forms.ChoiceField):
                field.choices = [
                    (value, EMPTY_LABEL if label == _DASHES else label)
                    for value, label in field.choices
                ]
