"""The registry list's filters: plain GET parameters, so any filtered list is a shareable link
(the statistics page links its numbers to /mo-hinh/?<these parameters>).

    q        search words (title, implementer, places; no diacritics or case needed)
    nam      registering year             tu_nam / den_nam   a range of years
             none of the three in the link: the list opens on the user's year
             (`accounts.dated.opening_year`); `nam=` sent empty: every year; a range
             wins over `nam`
    don_vi   unit code (district, commune or village; resolved at 31/12 of the last year);
             a model is found from its owner unit, its first commune or any of its places
    linh_vuc field code                   loai       tap_the | ca_nhan
    trang_thai status value, or "hieu_luc" (all but drafts and withdrawn: what statistics
             count); without it every status but "withdrawn" is listed
    tieu_chi NTM criterion id
    dang_ky  moi | duy_tri                cong_nhan  recognition level (huyen | xa | tinh | …,
                                                     or dia_phuong: huyen or xa)
             with years, duy_tri also finds a model registered earlier that reports its
             progress in one of them (maintained that year, as the statistics count it)
    dien_hinh 1 (exemplary only)          sap_xep    sort key (SORTS)     trang  page

The list and the Excel export both read them with `parse_filters` and apply them with
`apply_filters` to the models the user sees; nothing else parses these.
"""

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Q

from danvan.params import to_id
from territory.models import resolve_code

from .models import (
    NOT_REGISTERED,
    Criterion,
    ImplementerType,
    RecognitionLevel,
    RegistrationType,
    Status,
    YearlyProgress,
)
from .models import Field as ModelField

SORTS = {
    "-nam": (("-year", "-id"), "Năm đăng ký (mới nhất)"),
    "nam": (("year", "id"), "Năm đăng ký (cũ nhất)"),
    "ten": (("title_key", "id"), "Tên mô hình (A–Z)"),
    "-ten": (("-title_key", "-id"), "Tên mô hình (Z–A)"),
    "linh_vuc": (("field__order", "-year", "id"), "Lĩnh vực"),
    "trang_thai": (("status", "-year", "id"), "Trạng thái"),
    "-cap_nhat": (("-updated_at", "-id"), "Mới cập nhật"),
}
DEFAULT_SORT = "-nam"
# `cong_nhan=dia_phuong`: recognised at the local level, a district's (until 30/6/2025) or a
# commune's (from 1/7/2025); the statistics' "công nhận cấp huyện, cấp xã" links use it.
LOCAL_RECOGNITION = "dia_phuong"
LOCAL_LEVELS = (RecognitionLevel.DISTRICT, RecognitionLevel.COMMUNE)
IN_EFFECT = "hieu_luc"
STATUS_CHOICES = [
    (IN_EFFECT, "Đã đăng ký (trừ bản nháp và đã rút)"),
    *Status.choices,
]
YEAR_PARAMS = ("nam", "tu_nam", "den_nam")
PARAMS = [
    "q",
    "nam",
    "tu_nam",
    "den_nam",
    "don_vi",
    "linh_vuc",
    "loai",
    "trang_thai",
    "tieu_chi",
    "dang_ky",
    "cong_nhan",
    "dien_hinh",
    "sap_xep",
]


def _year(value):
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return year if 1990 <= year <= 2100 else None


def _values(params, name):
    if hasattr(params, "getlist"):
        values = params.getlist(name)
    else:
        value = params.get(name)
        values = value if isinstance(value, list | tuple) else [value]
    return [str(v).strip() for v in values if v is not None and str(v).strip()]


@dataclass
class ModelFilters:
    q: str = ""
    year: int | None = None
    year_from: int | None = None
    year_to: int | None = None
    unit_code: str = ""
    unit: object = None
    field_code: str = ""
    implementer_type: str = ""
    status: str = ""
    criterion_id: int | None = None
    registration_type: str = ""
    recognition_level: str = ""
    exemplary: bool = False
    sort: str = DEFAULT_SORT
    # Parameter name -> the value typed, for the values that make no sense (see `problems`).
    ignored: dict = field(default_factory=dict)
    # "Từ năm 2030 đến năm 2010" is read as 2010–2030, and the list says it swapped them.
    years_swapped: bool = False
    # Every year asked for explicitly (`nam=` empty): kept in links, so that page 2 and the
    # export do not fall back to the opening year.
    all_years: bool = False
    # The year is the opening year, not one the user chose (the list is not "filtered").
    year_is_opening: bool = False

    @property
    def end_year(self):
        return self.year or self.year_to or date.today().year

    @property
    def is_filtered(self):
        return any(
            [
                self.q,
                self.year and not self.year_is_opening,
                self.year_from,
                self.year_to,
                self.unit_code,
                self.field_code,
                self.implementer_type,
                self.status,
                self.criterion_id,
                self.registration_type,
                self.recognition_level,
                self.exemplary,
            ]
        )

    def as_params(self, **overrides):
        """The canonical GET parameters of these filters (for links, pagination, export)."""
        values = {
            "q": self.q,
            "nam": self.year or "",
            "tu_nam": self.year_from or "",
            "den_nam": self.year_to or "",
            "don_vi": self.unit_code,
            "linh_vuc": self.field_code,
            "loai": self.implementer_type,
            "trang_thai": self.status,
            "tieu_chi": self.criterion_id or "",
            "dang_ky": self.registration_type,
            "cong_nhan": self.recognition_level,
            "dien_hinh": "1" if self.exemplary else "",
            "sap_xep": "" if self.sort == DEFAULT_SORT else self.sort,
        }
        values.update(overrides)
        kept = {k: v for k, v in values.items() if v not in ("", None)}
        if self.all_years and not any(name in kept for name in YEAR_PARAMS):
            kept = {"nam": "", **kept}
        return kept

    @property
    def problems(self):
        """What the list says, in Vietnamese, about the parameters it could not use."""
        messages = []
        for name, raw in self.ignored.items():
            shown = raw if len(raw) <= 40 else raw[:40] + "…"
            if name == "don_vi":
                messages.append(
                    f"Không có đơn vị hành chính mã “{shown}”: không tìm thấy mô hình nào."
                )
            elif name == "tieu_chi":
                messages.append(f"Tiêu chí không hợp lệ (“{shown}”): đã bỏ qua điều kiện này.")
            else:
                messages.append(
                    f"Năm không hợp lệ (“{shown}”, cần từ 1990 đến 2100): đã bỏ qua điều kiện này."
                )
        return messages

    def querystring(self, **overrides):
        return urlencode(self.as_params(**overrides))

    @property
    def all_years_querystring(self):
        """The same list over every year (the link "Xem tất cả các năm")."""
        return urlencode({"nam": "", **self.as_params(nam="", tu_nam="", den_nam="")})

    def describe(self):
        """One line for an export's subtitle: territory and years."""
        parts = []
        if self.unit is not None:
            parts.append(self.unit.label())
        if self.year:
            parts.append(f"năm {self.year}")
        elif self.year_from and self.year_to:
            parts.append(f"từ năm {self.year_from} đến năm {self.year_to}")
        elif self.year_from:
            parts.append(f"từ năm {self.year_from}")
        elif self.year_to:
            parts.append(f"đến năm {self.year_to}")
        return ", ".join(parts)


def parse_filters(params, opening_year=None):
    """Read the GET parameters; values that make no sense are ignored (and listed). Without
    any year parameter the list is of `opening_year` (when given); with them all empty, of
    every year."""
    f = ModelFilters()
    f.q = (params.get("q") or "").strip()[:200]
    if opening_year and not any(name in params for name in YEAR_PARAMS):
        f.year, f.year_is_opening = opening_year, True
    for name, attr in (("nam", "year"), ("tu_nam", "year_from"), ("den_nam", "year_to")):
        raw = params.get(name)
        if raw:
            setattr(f, attr, _year(raw))
            if getattr(f, attr) is None:
                f.ignored[name] = str(raw)
    f.all_years = not (f.year or f.year_from or f.year_to) and any(
        name in params for name in YEAR_PARAMS
    )
    if f.year and (f.year_from or f.year_to):
        # A range wins over a single year: the form's "Năm" holds the opening year when the
        # list opens, and whoever fills in a range means the range.
        f.year = None
        f.year_is_opening = False
    if f.year_from and f.year_to and f.year_from > f.year_to:
        f.year_from, f.year_to = f.year_to, f.year_from
        f.years_swapped = True
    # The district and commune selects both send `don_vi`: the last one chosen is the narrowest.
    codes = _values(params, "don_vi")
    if codes:
        f.unit_code = codes[-1][:10]
        f.unit = resolve_code(f.unit_code, at=date(f.end_year, 12, 31))
        if f.unit is None:
            f.ignored["don_vi"] = codes[-1]
    f.field_code = (params.get("linh_vuc") or "").strip()[:20]
    loai = params.get("loai") or ""
    f.implementer_type = loai if loai in ImplementerType.values else ""
    status = params.get("trang_thai") or ""
    f.status = status if status in Status.values or status == IN_EFFECT else ""
    raw_criterion = (params.get("tieu_chi") or "").strip()
    f.criterion_id = to_id(raw_criterion) if raw_criterion else None
    if raw_criterion and f.criterion_id is None:
        f.ignored["tieu_chi"] = raw_criterion
    dang_ky = params.get("dang_ky") or ""
    f.registration_type = dang_ky if dang_ky in RegistrationType.values else ""
    cong_nhan = params.get("cong_nhan") or ""
    known = cong_nhan in RecognitionLevel.values or cong_nhan == LOCAL_RECOGNITION
    f.recognition_level = cong_nhan if known else ""
    f.exemplary = (params.get("dien_hinh") or "") in ("1", "true", "co")
    sort = params.get("sap_xep") or DEFAULT_SORT
    f.sort = sort if sort in SORTS else DEFAULT_SORT
    return f


def _years_q(f, lookup="year"):
    """The registering years asked for (`lookup` names the year column)."""
    q = Q()
    if f.year:
        q &= Q(**{lookup: f.year})
    if f.year_from:
        q &= Q(**{f"{lookup}__gte": f.year_from})
    if f.year_to:
        q &= Q(**{f"{lookup}__lte": f.year_to})
    return q


def _carried_over_q(f):
    """Carried over in the years asked for: registered then as carried over, or registered
    earlier with a yearly progress of one of those years (the statistics' rule: a continuing
    model counts among the carried-over models of each later year it reports progress)."""
    registered = _years_q(f) & Q(registration_type=RegistrationType.CARRIED_OVER)
    if not (f.year or f.year_from or f.year_to):
        return registered
    maintained = YearlyProgress.objects.filter(
        _years_q(f), model_id=OuterRef("pk"), year__gt=OuterRef("year")
    )
    return registered | Exists(maintained)


def apply_filters(queryset, f):
    qs = queryset
    if f.q:
        qs = qs.search(f.q)
    if f.registration_type == RegistrationType.CARRIED_OVER:
        qs = qs.filter(_carried_over_q(f))
    else:
        qs = qs.filter(_years_q(f))
        if f.registration_type:
            qs = qs.filter(registration_type=f.registration_type)
    if f.unit_code:
        # An unknown code finds nothing rather than everything.
        # Any of a model's places counts (a model of several communes is found from each).
        years = None if f.registration_type == RegistrationType.CARRIED_OVER else _years_q(f)
        qs = qs.carried_out_in(f.unit, years=years or None) if f.unit is not None else qs.none()
    if f.field_code:
        # Exactly that field (as the statistics group them), not the groups under it.
        qs = qs.filter(field__code=f.field_code)
    if f.implementer_type == ImplementerType.COLLECTIVE:
        qs = qs.filter(collective__isnull=False)
    elif f.implementer_type == ImplementerType.INDIVIDUAL:
        qs = qs.filter(individual__isnull=False)
    if f.status == IN_EFFECT:
        qs = qs.exclude(status__in=NOT_REGISTERED)
    elif f.status:
        qs = qs.filter(status=f.status)
    else:
        # Withdrawn models are kept but hidden unless asked for (trang_thai=rut).
        qs = qs.exclude(status=Status.WITHDRAWN)
    if f.criterion_id:
        qs = qs.filter(criteria=f.criterion_id)
    if f.recognition_level == LOCAL_RECOGNITION:
        qs = qs.filter(recognition_level__in=LOCAL_LEVELS)
    elif f.recognition_level:
        qs = qs.filter(recognition_level=f.recognition_level)
    if f.exemplary:
        qs = qs.filter(is_exemplary=True)
    return qs.order_by(*SORTS[f.sort][0])


def choice_lists():
    """Options for the filter form that do not depend on the user (fields, criteria)."""
    return {
        "fields": list(ModelField.objects.select_related("parent")),
        "criteria": list(Criterion.objects.select_related("criterion_set")),
    }
