"""Parameter fuzz (issue 14): every list, statistics, export and form view, fed garbage, empty,
huge and non-numeric values for each GET and POST parameter it reads, by every persona: never
a server error.

The parameter names are collected from the code: the registry list's `filters.PARAMS`, the
fields of every form class of the apps (and of the forms a page actually shows, which covers
fields added in `__init__`, such as the scoring criteria), plus the few names views read
directly. Each request runs in a rolled-back savepoint, like the permission matrix, over the
same world of real objects.
"""

import inspect

import pytest
from django import forms as django_forms
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import importer.forms
import models_registry.forms
import reviews.forms
import stats.forms
from models_registry.filters import PARAMS as LIST_PARAMS

from .test_permission_matrix import PERSONAS, resolve_url, world  # noqa: F401 -- a fixture

# District officers at work: before 1/7/2025 (tests/conftest.py `district_era`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("district_era")]

# Read by views directly, not through a form (see the views' request.GET / request.POST).
VIEW_PARAMS = ["trang", "format", "loc", "dot", "mo_hinh", "version", "don_vi", "nam", "xac_nhan"]

LIST_VIEWS = [
    "models_registry:list",
    "models_registry:export",
    "models_registry:unit_options",
    "models_registry:form_places",
    "reviews:index",
    "reviews:queue",
    "reviews:decisions",
    "reviews:round",
    "reviews:annex",
    "reviews:annex_xlsx",
    "stats:index",
    "importer:batch_list",
    "importer:batch_detail",
]
FORM_VIEWS = [
    "accounts:login",
    "models_registry:create",
    "models_registry:edit",
    "models_registry:withdraw",
    "models_registry:progress_add",
    "models_registry:progress_edit",
    "models_registry:collective_create",
    "models_registry:individual_create",
    "models_registry:attachment_upload",
    "reviews:round_create",
    "reviews:propose",
    "reviews:score",
    "reviews:decide",
    "reviews:conflict",
    "reviews:replication",
    "reviews:repropose",
    "reviews:decision_create",
    "reviews:decision_edit",
    "reviews:decision_pick",
    "reviews:recipient_add",
    "importer:index",
]


def form_field_names():
    names = set()
    for module in (models_registry.forms, reviews.forms, stats.forms, importer.forms):
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, django_forms.BaseForm) and cls.__module__.startswith(
                module.__name__
            ):
                names.update(cls.base_fields)
    return names


STATIC_PARAMS = sorted(set(LIST_PARAMS) | set(VIEW_PARAMS) | form_field_names())


def shown_form_fields(response):
    """Field names of the forms a page rendered (fields added in a form's __init__ too)."""
    names = set()
    for context in response.context or []:
        for value in context.flatten().values() if hasattr(context, "flatten") else []:
            if isinstance(value, django_forms.BaseForm):
                names.update(value.fields)
    return names


def request(client, method, url, data):
    """One request, rolled back; returns the status or the exception it raised."""
    try:
        with transaction.atomic():
            if method == "GET":
                response = client.get(url, data)
            else:
                response = client.post(url, data)
            transaction.set_rollback(True)
    except Exception as exc:  # noqa: BLE001 -- any exception is what this test looks for
        return f"{type(exc).__name__}: {str(exc)[:200]}"
    return response.status_code


def clients(personas):
    made = {}
    for persona in PERSONAS:
        client = Client()
        if personas[persona] is not None:
            client.force_login(personas[persona])
        made[persona] = client
    return made


# POST-only views: the forms they read (nothing to find on their GET page, a 405).
POST_FORMS = {
    "models_registry:withdraw": models_registry.forms.WithdrawForm,
    "models_registry:attachment_upload": models_registry.forms.AttachmentForm,
    "reviews:decide": reviews.forms.DecideForm,
    "reviews:conflict": reviews.forms.ConflictForm,
    "reviews:replication": reviews.forms.ReplicationForm,
    "reviews:decision_pick": reviews.forms.PickEntriesForm,
    "reviews:recipient_add": reviews.forms.RecipientForm,
}
# Every parameter at once with each of these, by every persona.
TOGETHER = ["", "abc", "-1", str(10**30), "9" * 5000, "x" * 5000, "'\"<>%;--"]
# Each parameter on its own with each of these (a form that stops at the first bad field
# would hide the others), by the persona that gets furthest, the administrator: the GET
# parameters of lists, the POST parameters of forms.
ALONE = ["abc", str(10**30)]


def params_of(name, page):
    names = set(VIEW_PARAMS) | shown_form_fields(page)
    if name in LIST_VIEWS:
        names |= set(LIST_PARAMS)
    if name in POST_FORMS:
        names |= set(POST_FORMS[name].base_fields)
    return sorted(names)


def fuzz(url_names, world, methods, alone_method):  # noqa: F811 -- world: the fixture's value
    personas, objects, pk_for = world
    by_persona = clients(personas)
    failures = []
    for name in url_names:
        url = resolve_url(name, objects, pk_for)
        params = params_of(name, by_persona["admin"].get(url))
        for persona, client in by_persona.items():
            for method in methods:
                cases = [dict.fromkeys(params, value) for value in TOGETHER]
                if persona == "admin" and method == alone_method:
                    cases += [{param: value} for param in params for value in ALONE]
                for data in cases:
                    result = request(client, method, url, data)
                    if not isinstance(result, int) or result >= 500:
                        shown = {k: str(v)[:20] for k, v in list(data.items())[:4]}
                        failures.append((name, persona, method, shown, result))
    return failures


def summary(failures):
    return "\n".join(str(f)[:300] for f in failures[:20])


def test_list_statistics_and_export_views_never_fail(world):  # noqa: F811
    failures = fuzz(LIST_VIEWS, world, ["GET"], alone_method="GET")
    assert not failures, summary(failures)


def test_form_views_never_fail(world):  # noqa: F811
    failures = fuzz(FORM_VIEWS, world, ["GET", "POST"], alone_method="POST")
    assert not failures, summary(failures)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=st.dictionaries(
        st.sampled_from(STATIC_PARAMS),
        st.one_of(
            st.text(max_size=30),
            st.integers().map(str),
            st.floats(allow_nan=True).map(str),
            st.lists(st.integers(min_value=-(10**20), max_value=10**20).map(str), max_size=3),
        ),
        max_size=6,
    ),
    name=st.sampled_from(["models_registry:list", "models_registry:export", "stats:index"]),
    persona=st.sampled_from(["same", "reviewer", "admin"]),
)
def test_random_parameters_on_the_list_export_and_statistics(world, data, name, persona):  # noqa: F811
    personas, objects, pk_for = world
    client = Client()
    client.force_login(personas[persona])
    result = request(client, "GET", resolve_url(name, objects, pk_for), data)
    assert isinstance(result, int) and result < 500, (name, persona, data, result)
