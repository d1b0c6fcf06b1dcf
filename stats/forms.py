from functools import cache

from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from danvan import lookups  # noqa: F401 -- `id_in`
from territory.models import Unit

YEAR_MIN, YEAR_MAX = 1990, 2100
# A period longer than this is not a sơ kết/tổng kết period; it also keeps the by-year table short.
MAX_SPAN = 30


def year_field(label):
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        error_messages={
            "invalid": "Năm phải là một số, ví dụ 2023.",
            "min_value": f"Năm phải từ {YEAR_MIN} trở đi.",
            "max_value": f"Năm không được sau {YEAR_MAX}.",
        },
        widget=forms.NumberInput(attrs={"class": "form-control", "placeholder": "2023"}),
    )


SELECTED = SafeString(" selected")


class UnitSelect(forms.Select):
    """The territory selector, written in Python: a provincial reviewer's scope has some 1.200
    units (retired ones included), and Django's one-template-per-option rendering cost about
    30 ms a page; this writes the same <select> in about 1 ms."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (code, SELECTED if str(code) == chosen else "", label)
                for code, label in self.choices
            ),
        )
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return format_html("<select{}>{}</select>", flatatt(final), options)


class StatsFilterForm(forms.Form):
    """The GET filter: a territory (`don_vi`, a unit code) and a year or a range of years."""

    don_vi = forms.CharField(
        label="Đơn vị",
        required=False,
        max_length=10,
        widget=UnitSelect(attrs={"class": "form-select"}),
    )
    nam = year_field("Năm")
    tu_nam = year_field("Từ năm")
    den_nam = year_field("Đến năm")

    def __init__(self, *args, unit_options=list, **kwargs):
        super().__init__(*args, **kwargs)
        # `unit_options` is called when the select is drawn (not for JSON or Excel),
        # and once only.
        self.fields["don_vi"].widget.choices = cache(
            lambda: [("", "Đơn vị của tôi"), *unit_options()]
        )

    def clean(self):
        data = super().clean()
        year = data.get("nam")
        start, end = data.get("tu_nam"), data.get("den_nam")
        if self.errors:
            return data
        if year:
            start = end = year
        elif start or end:
            start, end = start or end, end or start
        else:
            start = end = timezone.localdate().year
        if start > end:
            self.add_error("den_nam", "Năm kết thúc phải bằng hoặc sau năm bắt đầu.")
        elif end - start >= MAX_SPAN:
            self.add_error("den_nam", f"Chỉ thống kê tối đa {MAX_SPAN} năm một lần.")
        data["start_year"], data["end_year"] = start, end
        return data


def unit_options(user):
    """(code, label) for the territory selector: the user's scope, retired units included.
    Read by the scope's id list (`User.scope_unit_ids`, the request's one recursive scope
    query, which the page's scope check has often run already), not by the recursive
    subquery again."""
    rows = (
        Unit.objects.filter(pk__id_in=user.scope_unit_ids())
        .exclude(code="")
        .order_by("path")
        .values_list("code", "name", "level", "valid_from", "valid_until")
    )
    options = []
    for code, name, level, valid_from, valid_until in rows:
        label = "\u00a0\u00a0" * (level - 1) + name
        if valid_until:
            label += f" (đến {valid_until:%d/%m/%Y})"
        elif valid_from:
            label += f" (từ {valid_from:%d/%m/%Y})"
        options.append((code, label))
    return options
