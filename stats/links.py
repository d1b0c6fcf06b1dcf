"""Links from the statistics' numbers to the model list (/mo-hinh/, issue 6: every number
links): the registry's own GET parameters (`models_registry.filters`), so the list shows the
models a number counts. `dang_ky=duy_tri` with years also finds the continuing models that
report progress in those years, as the carried-over figures count them."""

from functools import lru_cache
from urllib.parse import quote

from django.urls import reverse

from models_registry.filters import IN_EFFECT, LOCAL_RECOGNITION
from models_registry.models import RegistrationType, Status
from reviews.models import RoundLevel


def model_list_url(code, period, **params):
    """/mo-hinh/ with the registry's filter parameters (see issue 6: every number links).
    Built by string concatenation: a province page has a few thousand links."""
    query = f"don_vi={quote(code or '')}&tu_nam={period.start_year}&den_nam={period.end_year}"
    for key, value in params.items():
        if value not in (None, ""):
            query += f"&{key}={quote(str(value))}"
    return f"{_model_list_path()}?{query}"


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


def links(code, period, keys, extra=None):
    links = {**REGISTERED_LINKS, **RESULT_LINKS}
    return {key: model_list_url(code, period, **links[key], **(extra or {})) for key in keys}
