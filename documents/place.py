"""The place and date line of a document: "Thái Nguyên, ngày 20 tháng 12 năm 2026".

The place is the issuing body's province *on the document's date* (a Bắc Kạn body's document
of 2024 says Bắc Kạn; after 1/7/2025 the province is Thái Nguyên), the date is the
document's. Days below 10 and the months January and February take a leading zero (the rule
of Nghị định 30/2020/NĐ-CP on administrative documents).
"""

from territory.models import Level, Unit

CAPITAL = "Hà Nội"  # central bodies


def date_words(day):
    dd = f"{day.day:02d}" if day.day < 10 else str(day.day)
    mm = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {dd} tháng {mm} năm {day.year}"


def province_on(unit, day):
    """The province of `unit` valid on `day` (following mergers), or None."""
    while unit is not None and unit.level > Level.PROVINCE:
        unit = unit.parent
    if unit is None:
        return None
    valid = (unit.valid_from is None or unit.valid_from <= day) and (
        unit.valid_until is None or day <= unit.valid_until
    )
    if valid:
        return unit
    return Unit.objects.successors_of(unit).valid_at(day).first() or unit


def place_and_date(issuer, day):
    """ "Thái Nguyên, ngày 20 tháng 12 năm 2026" for a document of `issuer` dated `day`."""
    province = province_on(issuer.unit, day) if issuer and issuer.unit_id else None
    place = province.short_name if province else CAPITAL
    return f"{place}, {date_words(day)}"
