"""Whole numbers and ids read from GET and POST parameters.

A parameter is text anyone can type: "abc", "", "1.5" or 10**30. What a 64-bit database
column cannot hold is not a number here either (SQLite raises OverflowError on it), so the
views that read ids and versions get `None` and say so, instead of a server error, and the
forms' multiple choices of objects use `IdsChoiceField`.
"""

from django import forms
from django.core.exceptions import ValidationError

MAX_BIGINT = 2**63 - 1


def to_int(value, minimum=-MAX_BIGINT - 1, maximum=MAX_BIGINT):
    """`value` as an int within [minimum, maximum], else None."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if minimum <= number <= maximum else None


def to_id(value):
    """A primary key: a whole number from 1 to the largest 64-bit integer, else None."""
    return to_int(value, 1, MAX_BIGINT)


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that refuses, as an invalid choice, an id no database column
    can hold, before it reaches the `pk IN (...)` query (where SQLite raises OverflowError)."""

    default_error_messages = {
        "invalid_pk_value": "“%(pk)s” không phải là lựa chọn hợp lệ.",
        "invalid_choice": "Lựa chọn “%(value)s” không có trong danh sách.",
    }

    def _check_values(self, value):
        if self.to_field_name is None and not isinstance(value, str):
            for pk in value or ():
                if to_id(pk) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": str(pk)[:40]},
                    )
        return super()._check_values(value)
