"""Links from the statistics' numbers to the model list (/mo-hinh/, issue 6: every number
links): the registry's own GET parameters (`models_registry.filters`), so the list shows the
models a number counts. `dang_ky=duy_tri` with years also finds the continuing models that
report progress in those years, as the carried-over figures count them."""

import re
from functools import lru_cache
from urllib.parse import quote

from django.urls import reverse

from models_registry.filters import IN_EFFECT, LOCAL_RECOGNITION
from models_registry.models import RegistrationType, Status
from reviews.models import RoundLevel


def model_list_url(code, period, **params):
    """/mo-hinh/ with the registry's filter parameters (see issue 6: every number links).
    Built by string concatenation: a province page has a few thousand links."""
    return _base(code, period) + _query(params)


def criterion_links(code, period):
    """A function of an NTM criterion's id: the list of the territory's models linked to it
    (`model_list_url(code, period, tieu_chi=id, trang_thai=IN_EFFECT)`), the common part
    written once: a province's NTM matrix has some 2.000 links."""
    head, tail = _base(code, period) + "&tieu_chi=", _query({"trang_thai": IN_EFFECT})
    return lambda criterion_id: f"{head}{int(criterion_id)}{tail}"


def _base(code, period):
    return (
        f"{_model_list_path()}?don_vi={_quoted(code or '')}"
        f"&tu_nam={period.start_year}&den_nam={period.end_year}"
    )


def _query(params):
    return "".join(
        f"&{key}={_quoted(value)}" for key, value in params.items() if value not in (None, "")
    )


_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]*")


def _quoted(value):
    """`quote`, skipped for the codes, years and ids that need none (quoting them cost some
    30 ms of a province's page)."""
    text = str(value)
    return text if _UNRESERVED.fullmatch(text) else quote(text)


@lru_cache(maxsize=1)
def _model_list_path():
    return reverse("models_registry:list")


# The registered figures leave out drafts and withdrawn models (`stats.scope`): so do their
# lists (trang_thai=hieu_luc).
REGISTERED_LINKS = {
    "total": {"trang_thai": IN_EFFECT},
    "collective": {"loai": "tap_the", "trang_thai": IN_EFFECT},
    "individual": {"loai": "ca_nhan", "trang_thai": IN_EFFECT},
    "new": {"dang_ky": RegistrationType.NEW, "trang_thai": IN_EFFECT},
    "carried_over": {"dang_ky": RegistrationType.CARRIED_OVER, "trang_thai": IN_EFFECT},
}
RESULT_LINKS = {
    "recognised_district": {"cong_nhan": LOCAL_RECOGNITION},
    "recognised_province": {"cong_nhan": RoundLevel.PROVINCE},
    "exemplary": {"dien_hinh": 1},
    "proposed_higher": {"trang_thai": Status.PROPOSED},
    "returned": {"trang_thai": Status.RETURNED},
    "not_recognised": {"trang_thai": Status.NOT_RECOGNISED},
}


# Each number's own parameters, written out once.
_LINK_QUERIES = {
    key: _query(params) for key, params in {**REGISTERED_LINKS, **RESULT_LINKS}.items()
}


def links(code, period, keys, extra=None):
    base, tail = _base(code, period), _query(extra or {})
    return {key: base + _LINK_QUERIES[key] + tail for key in keys}
