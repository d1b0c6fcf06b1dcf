"""What every form of the portal shares: the one number input (figures typed and shown the
Vietnamese way) and the empty choice that reads "— Chọn —", not "---------".

Offices write "120.000.000" (a dot between thousands) and "1.500,5" (a comma before the
decimals); plain digits ("1500") and an English decimal point with no thousands ("7.5") are read
too. Django's own number fields read "120.000.000" as 120 or refuse it, so every money, land,
workday, household and score input uses `NumberField` instead. Years are not figures: they keep
Django's integer field (a year never shows as "2.023").
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db.models.fields import BLANK_CHOICE_DASH

BIGGEST = 2**63 - 1

# "1.234.567", "1.234.567,89", "1234567", "1234567,89", "7.5"; spaces are dropped first.
THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
PLAIN = re.compile(r"^\d+(,\d+)?$")
POINT_DECIMAL = re.compile(r"^\d+\.(\d{1,2}|\d{4,})$")


def parse_number(text):
    """The Decimal a person meant by `text`, or None when it cannot be read as a number.

    A dot followed by groups of exactly three digits separates thousands ("1.250" is one
    thousand two hundred and fifty, as offices write it); a comma starts the decimals. A single
    dot followed by one, two or more than three digits is a decimal point ("7.5")."""
    cleaned = re.sub(r"\s", "", str(text))
    sign = "-" if cleaned.startswith("-") else ""
    if cleaned[:1] in ("-", "+"):
        cleaned = cleaned[1:]
    if THOUSANDS.match(cleaned) or PLAIN.match(cleaned):
        digits = cleaned.replace(".", "").replace(",", ".")
    elif POINT_DECIMAL.match(cleaned):
        digits = cleaned
    else:
        return None
    try:
        return Decimal(sign + digits)
    except InvalidOperation:  # pragma: no cover - the patterns only let digits through
        return None


def format_number(value, decimal_places=0):
    """`value` written the Vietnamese way: 120.000.000 or 1.500,5 (trailing zeros dropped)."""
    if value is None or value == "":
        return ""
    number = Decimal(value)
    if decimal_places:
        number = number.quantize(Decimal(1).scaleb(-decimal_places))
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    fraction = fraction.rstrip("0")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


class NumberInput(forms.TextInput):
    """A text input (type="number" would refuse the dots) that shows 120.000.000."""

    def __init__(self, decimal_places=0, attrs=None):
        self.decimal_places = decimal_places
        attrs = {"inputmode": "decimal" if decimal_places else "numeric", **(attrs or {})}
        attrs.setdefault("autocomplete", "off")
        super().__init__(attrs)

    def format_value(self, value):
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            return format_number(value, self.decimal_places)
        return super().format_value(value)


class NumberField(forms.Field):
    """An amount: integer (`decimal_places=0`) or Decimal, within `min_value`..`max_value`.

    Accepts the keyword arguments Django's model fields pass to their form fields, so it can
    stand in for IntegerField and DecimalField through `Meta.field_classes`."""

    default_error_messages = {
        "invalid": "“%(value)s” không đọc được là một số. Ghi số như 1.234.567 hoặc 1.500,5.",
        "min_value": "Giá trị phải lớn hơn hoặc bằng %(limit_value)s.",
        "max_value": "Giá trị phải nhỏ hơn hoặc bằng %(limit_value)s.",
        "decimal_places": "Chỉ ghi tối đa %(places)s chữ số sau dấu phẩy.",
        "whole": "Ghi số nguyên, không có phần thập phân (ví dụ 1.234.567).",
        "max_digits": "Số quá lớn (tối đa %(digits)s chữ số).",
    }

    def __init__(
        self,
        *,
        min_value=None,
        max_value=None,
        max_digits=None,
        decimal_places=0,
        localize=False,
        step_size=None,
        widget=None,
        **kwargs,
    ):
        # No figure is larger than a 64-bit integer column holds (SQLite gives Django no limit
        # for its integer columns; a longer number would fail on save instead of here).
        if max_value is None and not decimal_places:
            max_value = BIGGEST
        self.min_value, self.max_value = min_value, max_value
        self.max_digits, self.decimal_places = max_digits, decimal_places or 0
        if widget is None or isinstance(widget, type) or not isinstance(widget, NumberInput):
            widget = NumberInput(self.decimal_places)
        super().__init__(widget=widget, **kwargs)

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            number = Decimal(value)
        else:
            number = parse_number(value)
            if number is None:
                raise ValidationError(
                    self.error_messages["invalid"],
                    code="invalid",
                    params={"value": str(value)[:40]},
                )
        places = max(0, -number.normalize().as_tuple().exponent)
        if places and not self.decimal_places:
            raise ValidationError(self.error_messages["whole"], code="whole")
        if places > self.decimal_places:
            raise ValidationError(
                self.error_messages["decimal_places"],
                code="decimal_places",
                params={"places": self.decimal_places},
            )
        if not self.decimal_places:
            return int(number)
        if number.adjusted() >= 18:  # more digits than any decimal column here (or quantize) holds
            raise ValidationError(
                self.error_messages["max_digits"],
                code="max_digits",
                params={"digits": self.max_digits or 18},
            )
        return number.quantize(Decimal(1).scaleb(-self.decimal_places))

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.min_value is not None and value < self.min_value:
            raise ValidationError(
                self.error_messages["min_value"],
                code="min_value",
                params={"limit_value": format_number(self.min_value)},
            )
        if self.max_value is not None and value > self.max_value:
            raise ValidationError(
                self.error_messages["max_value"],
                code="max_value",
                params={"limit_value": format_number(self.max_value)},
            )
        if self.max_digits is not None:
            whole_digits = len(str(int(abs(value))))
            if whole_digits > self.max_digits - self.decimal_places:
                raise ValidationError(
                    self.error_messages["max_digits"],
                    code="max_digits",
                    params={"digits": self.max_digits - self.decimal_places},
                )

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != self.to_python(initial)
        except ValidationError:
            return True


def is_figure(db_field):
    """An amount, count or measure of a model: typed and shown with `NumberField`. Years
    ("year", "…_year") and coded choices are not figures."""
    from django.db import models

    return (
        isinstance(db_field, (models.IntegerField, models.DecimalField))
        and not isinstance(db_field, models.AutoField)
        and not db_field.choices
        and db_field.name != "year"
        and not db_field.name.endswith("_year")
    )


class AdminFigures:
    """A ModelAdmin or inline mixin: the admin's number inputs read "1.234.567" and "1.500,5"
    and show numbers back that way, like the portal's own forms (Django's admin would keep
    "120.000.000" as 120)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if is_figure(db_field):
            kwargs.pop("widget", None)  # the admin's type="number" input refuses the dots
            field = db_field.formfield(form_class=NumberField, **kwargs)
            # A limit the model words itself ("không được lớn hơn 100%") keeps its words: the
            # form would otherwise say it with the input's general message for that code.
            field.error_messages.update(
                {
                    validator.code: validator.message
                    for validator in db_field.validators
                    if getattr(validator, "code", None) in ("min_value", "max_value")
                    and validator.message != type(validator).message
                }
            )
            return field
        return super().formfield_for_dbfield(db_field, request, **kwargs)


EMPTY_LABEL = "— Chọn —"
_DASHES = BLANK_CHOICE_DASH[0][1]


class VietnameseEmptyChoices:
    """A form mixin: Django's "---------" empty choice (model and plain choice fields) becomes
    EMPTY_LABEL. Labels a form sets itself ("— Chọn huyện —") are kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            name_empty_choice(field)


def name_empty_choice(field):
    """Django's "---------" empty choice of one form field becomes EMPTY_LABEL."""
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == _DASHES:
            field.empty_label = EMPTY_LABEL
    elif isinstance(field, forms.ChoiceField):
        field.choices = [
            (value, EMPTY_LABEL if label == _DASHES else label) for value, label in field.choices
        ]
