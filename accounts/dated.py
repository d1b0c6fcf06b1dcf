"""Dated facts of the 2025 reorganisation that the rules of every app ask about.

On 1 July 2025 the district level was abolished and Bắc Kạn merged into Thái Nguyên; since
1 March 2025 the provincial Ban Dân vận and Ban Tuyên giáo are one "Ban Tuyên giáo và Dân vận".
A unit takes part in a year (a round, a registration, a recognition) only when it existed at some
day of that year; when it did not, the message names the units that replaced it.
"""

from datetime import date

from django.utils import timezone

from territory.models import Level, Unit

# The two-level local government (province → commune) from this day.
REFORM_DAY = date(2025, 7, 1)
# Ban Dân vận and Ban Tuyên giáo of the provinces merged from this day.
PROVINCE_COMMITTEES_MERGED = date(2025, 3, 1)


def today():
    """Today in the portal's time zone: the one "today" of the dated rules (tests of the
    district era set it before 1/7/2025, see `tests/conftest.py`)."""
    return timezone.localdate()


def valid_in_year(unit, year):
    """Whether `unit` existed on at least one day of `year`."""
    return (unit.valid_from is None or unit.valid_from <= date(year, 12, 31)) and (
        unit.valid_until is None or unit.valid_until >= date(year, 1, 1)
    )


def years_lookup(unit, field="year"):
    """Filter keywords for the years in which `unit` existed ({} when always)."""
    lookup = {}
    if unit.valid_from:
        lookup[f"{field}__gte"] = unit.valid_from.year
    if unit.valid_until:
        lookup[f"{field}__lte"] = unit.valid_until.year
    return lookup


def is_abolished(unit, on=None):
    """A unit whose validity ended before `on` (today by default)."""
    return unit.valid_until is not None and unit.valid_until < (on or today())


def replacements(unit, on=None):
    """The units valid on `on` (today by default) that took over `unit`'s territory: its
    successors at the same level (06 → 19), or for a district, which has none, the communes
    formed from its communes. Ordered by name."""
    on = on or today()
    same_level = Unit.objects.successors_of(unit).valid_at(on)
    if unit.level == Level.DISTRICT:
        communes = Unit.objects.under(unit).communes()
        links = Unit.successors.through.objects.filter(from_unit__in=communes).values("to_unit")
        formed = Unit.objects.filter(pk__in=links).valid_at(on)
        return (same_level | formed).order_by("name")
    return same_level.order_by("name")


def names(units):
    return ", ".join(u.name for u in units)


def not_valid_in_year_message(unit, year):
    """Vietnamese: why `unit` cannot take part in `year`, naming what replaced it."""
    if unit.valid_until and unit.valid_until < date(year, 1, 1):
        replaced = names(replacements(unit, on=date(year, 12, 31)))
        message = (
            f"{unit.name} chỉ tồn tại đến ngày {unit.valid_until:%d/%m/%Y}, không còn trong năm "
            f"{year}."
        )
        if replaced:
            message += f" Địa bàn này nay thuộc: {replaced}."
        return message
    return (
        f"{unit.name} được thành lập từ ngày {unit.valid_from:%d/%m/%Y}, chưa có trong năm {year}."
    )


def read_only_message(user):
    """Vietnamese: why an account of an abolished unit (`User.reads_only`) changes nothing,
    naming the units that took its territory over."""
    unit = user.unit
    message = (
        f"{unit.name} chỉ tồn tại đến ngày {unit.valid_until:%d/%m/%Y}: tài khoản này chỉ được "
        f"xem hồ sơ cũ của {unit.name}, không thêm, sửa, đề nghị hay nhập dữ liệu."
    )
    replaced = names(replacements(unit))
    if replaced:
        message += f" Địa bàn này nay thuộc: {replaced}."
    return message + " Hãy đề nghị quản trị viên chuyển tài khoản sang đơn vị mới."


def refusal(user, message):
    """`message`, or for an account that only reads, `read_only_message` (an anonymous
    visitor has no `reads_only`)."""
    return read_only_message(user) if getattr(user, "reads_only", False) else message


def unit_for_year(unit, year):
    """`unit` if it existed in `year`, else its one same-level successor that did: a
    provincial account of Bắc Kạn works for Thái Nguyên in 2026. None when there is no single
    such unit (a district has no successor; a unit formed later has none for earlier years)."""
    if valid_in_year(unit, year):
        return unit
    if not is_abolished(unit, on=date(year, 1, 1)):
        return None
    found = list(Unit.objects.successors_of(unit).valid_at(date(year, 12, 31))[:2])
    return found[0] if len(found) == 1 else None


def opening_year(user):
    """The year lists and statistics open on: this year, or for an account of a unit abolished
    with no single successor (a district) the last year the unit existed (2025 for Huyện Ba
    Bể, whose records end there). A provincial account of Bắc Kạn opens on this year, for
    Thái Nguyên."""
    on = today()
    unit = user.unit if user.is_authenticated and user.unit_id else None
    if unit is not None and is_abolished(unit, on=on) and unit_for_year(unit, on.year) is None:
        return unit.valid_until.year
    return on.year


def local_round_level(unit):
    """The level at which a local unit recognises models: a district (until 30/6/2025) or a
    commune of the two-level government (from 1/7/2025). None for a province or an old commune
    (before the reform communes did not recognise models)."""
    if unit.level == Level.DISTRICT:
        return "huyen"
    if unit.level == Level.COMMUNE and unit.valid_from and unit.valid_from >= REFORM_DAY:
        return "xa"
    return None


def province_committee_name(on=None):
    """The dated name of the provincial committee that runs the movement."""
    if (on or today()) >= PROVINCE_COMMITTEES_MERGED:
        return "Ban Tuyên giáo và Dân vận Tỉnh ủy"
    return "Ban Dân vận Tỉnh ủy"


# Central bodies sit in the capital; their papers are dated there.
CAPITAL = "Hà Nội"


def province_of(unit):
    """The province `unit` lies in (itself for a province), up the tree as recorded."""
    while unit is not None and unit.level > Level.PROVINCE:
        unit = unit.parent
    return unit


def place_of(unit):
    """The place of a paper's date line: the short name of the province of the issuing
    body's unit ("Thái Nguyên" for UBND tỉnh Thái Nguyên and for its communes; "Bắc Kạn" for
    UBND huyện Ba Bể in 2023), the capital for a central body."""
    province = province_of(unit)
    return province.short_name if province is not None else CAPITAL


def reporting_body(user, on=None):
    """The two header lines of a report a user prints (the issuing body on the left of a
    Party paper): "TỈNH ỦY THÁI NGUYÊN / BAN TUYÊN GIÁO VÀ DÂN VẬN" for the province's
    reviewer (Ban Dân vận before 1/3/2025), "HUYỆN ỦY BA BỂ / BAN DÂN VẬN" for a district,
    "ĐẢNG ỦY XÃ BẰNG THÀNH / BAN XÂY DỰNG ĐẢNG" for a commune. Empty without a unit."""
    on = on or today()
    unit = user.unit if user.unit_id else None
    if unit is None:
        return []
    if unit.level == Level.PROVINCE or user.is_reviewer:
        province = province_of(unit)
        province = unit_for_year(province, on.year) or province
        board = province_committee_name(on).removesuffix(" Tỉnh ủy").upper()
        return [f"TỈNH ỦY {province.short_name.upper()}", board]
    if unit.level == Level.DISTRICT:
        committee = "THÀNH ỦY" if unit.name.startswith("Thành phố") else "HUYỆN ỦY"
        return [f"{committee} {unit.short_name.upper()}", "BAN DÂN VẬN"]
    return [f"ĐẢNG ỦY {unit.name.upper()}", "BAN XÂY DỰNG ĐẢNG"]
