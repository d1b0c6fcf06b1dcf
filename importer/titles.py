"""What the rows around a table say: the year and the district in title rows ("BAN DÂN VẬN
HUYỆN ỦY BA BỂ", "DANH SÁCH … NĂM 2023"), a section row or a sheet name, the commune whose
committee sends a list, and whether a section lists collectives or individuals.

`districts`: the folded short names of the pre-2025 districts with their codes, read with the
plan's other reference rows (`Lookups.district_codes`)."""

import re

from .columns import has, norm

_DATE_PHRASE = re.compile(r"(ngay \d{1,2} )?thang \d{1,2} nam \d{4}")
_YEAR = re.compile(r"\bnam (\d{4})\b")
_BARE_YEAR = re.compile(r"^(?:nam )?((?:19|20)\d\d)$")
_DISTRICT = re.compile(r"\b(?:huyen uy|huyen|thanh uy|thanh pho|tp|h)\s+([a-z ]+)")


def find_district_code(text, districts, bare=False):
    """ "BAN DÂN VẬN HUYỆN ỦY BA BỂ" -> "061". With `bare`, "Ba Bể" alone also counts."""
    s = norm(text)
    names = districts
    if bare:
        stripped = re.sub(r"^(?:[ivx]+|[a-d]|\d+)\s+", "", s)
        stripped = re.sub(r"^(?:huyen uy|huyen|thanh pho|tp|h)\s+", "", stripped)
        if stripped in names:
            return names[stripped]
    for match in _DISTRICT.finditer(s):
        tail = match.group(1)
        for name, code in sorted(names.items(), key=lambda kv: -len(kv[0])):
            if tail == name or tail.startswith(name + " "):
                return code
    return None


def context_from_text(text, districts, bare=False):
    """Year and district named in title rows, a section row or a sheet name; in title rows,
    also the commune whose committee sends the list ("commune": its id)."""
    context = {}
    s = norm(text)
    if not s:
        return context
    without_dates = _DATE_PHRASE.sub(" ", s)
    years = {int(y) for y in _YEAR.findall(without_dates)}
    if bare:
        match = _BARE_YEAR.match(s)
        if match:
            years = {int(match.group(1))}
    if len(years) == 1:
        year = years.pop()
        if 1990 <= year <= 2100:
            context["year"] = year
    code = find_district_code(text, districts, bare=bare)
    if code:
        context["district"] = code
    elif not bare and (commune := find_sending_commune(s)):
        context["commune"] = commune
    return context


# "ĐẢNG ỦY XÃ BẰNG THÀNH" / "BAN XÂY DỰNG ĐẢNG", "ỦY BAN MTTQ VIỆT NAM PHƯỜNG ĐỨC XUÂN": a
# commune's party committee or Fatherland Front sends the list (from 1/7/2025).
_COMMUNE_SENDER = re.compile(
    r"\b(?:dang uy|ban xay dung dang|mat tran to quoc(?: viet nam)?|mttq(?: viet nam)?|"
    r"ubmttq(?: viet nam)?)\s+(?:xa|phuong|dac khu)\s+([a-z ]+)"
)


def find_sending_commune(folded):
    """The id of today's commune whose committee heads a list ("ĐẢNG ỦY XÃ BẰNG THÀNH"), or
    None. Read from the database each time: it is asked once per sheet."""
    matches = list(_COMMUNE_SENDER.finditer(folded))
    if not matches:
        return None
    from territory.models import Level, Unit

    names = dict(
        Unit.objects.filter(level=Level.COMMUNE, valid_until__isnull=True).values_list(
            "search_name", "pk"
        )
    )
    for match in matches:
        tail = match.group(1).strip()
        for name in sorted(names, key=len, reverse=True):
            if tail == name or tail.startswith(name + " "):
                return names[name]
    return None


def implementer_type_from_section(text):
    s = norm(text)
    if len(s) > 80:
        return None
    if has(s, "ca nhan") and not has(s, "tap the"):
        return "ca_nhan"
    if has(s, "tap the") and not has(s, "ca nhan"):
        return "tap_the"
    return None
