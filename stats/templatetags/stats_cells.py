"""Table cells of the statistics page, rendered in Python.

The sơ kết tables hold thousands of numbers (the NTM matrix of a province: ~100 communes ×
19 criteria). As `{% include %}` + `intcomma` per cell they took ~60 ms of the page; these
tags write the same markup (`<td class="text-end">`, a link when the number is not 0, the
Vietnamese thousands separator) in a few milliseconds.
"""

from html import escape

from django import template
from django.utils.formats import get_format
from django.utils.safestring import mark_safe

# The keys of a breakdown row, in the columns' order (the Excel report's order too).
from stats.exports import BREAKDOWN_KEYS

register = template.Library()

# The column headings of breakdown_table.html, repeated on each cell for the phone layout
# (portal.css: a .table-cards row becomes a card of labelled numbers). "{local}" is the dated
# name of the local level (`stats.territory.local_level_label`), as in the heading.
BREAKDOWN_LABELS = dict(
    zip(
        BREAKDOWN_KEYS,
        [
            "Đăng ký",
            "Tập thể",
            "Cá nhân",
            "Đăng ký mới",
            "Duy trì",
            "Công nhận {local}",
            "Công nhận cấp tỉnh",
            "Điển hình",
        ],
        strict=True,
    )
)


def grouped(n, separator):
    """1234567 -> '1.234.567' (what `intcomma` prints with the Vietnamese formats)."""
    if isinstance(n, int) and not isinstance(n, bool):
        return f"{n:,}".replace(",", separator)
    return "" if n is None else str(n)


def _cell(n, url, separator, zero=False, label=""):
    # Plain string building: format_html's lazy-text checks cost more than the whole cell.
    # The number is an int we format; the URL and the label are escaped like any attribute.
    text = grouped(n, separator)
    start = (
        f'<td class="text-end" data-label="{escape(label)}">' if label else '<td class="text-end">'
    )
    if n and url:
        return f'{start}<a href="{escape(url)}">{text}</a></td>'
    if zero:
        return f'{start}<span class="text-secondary">{escape(text)}</span></td>'
    return f"{start}{escape(text)}</td>"


@register.simple_tag
def breakdown_cells(row, local_level):
    """The eight count cells of a breakdown row, each linking to the models it counts."""
    separator = get_format("THOUSAND_SEPARATOR")
    urls = row.get("urls") or {}
    labels = [BREAKDOWN_LABELS[k].format(local=local_level) for k in BREAKDOWN_KEYS]
    cells = "".join(
        _cell(row.get(k), urls.get(k), separator, label=label)
        for k, label in zip(BREAKDOWN_KEYS, labels, strict=True)
    )
    return mark_safe(cells)  # noqa: S308 -- every value is escaped in _cell


@register.filter
def is_empty_row(row):
    """True when every count of a breakdown row is 0 (a commune without any figure yet)."""
    return not any(row.get(k) for k in BREAKDOWN_KEYS)


@register.filter
def empty_row_labels(rows):
    """The labels of the rows without any figure: on a phone they are named on one line
    instead of a card of zeros each (92 communes of cards made some 20.000 px)."""
    return [row["label"] for row in rows if is_empty_row(row)]


@register.simple_tag
def ntm_cells(cells):
    """A commune's row of the NTM matrix: models per criterion, 0 greyed out."""
    separator = get_format("THOUSAND_SEPARATOR")
    row = "".join(_cell(c["models"], c.get("url"), separator, zero=True) for c in cells)
    return mark_safe(row)  # noqa: S308 -- every value is escaped in _cell
