"""The admin (/quan-tri/) names every model and every field in Vietnamese (issue 14, item 13),
and its number inputs read numbers the Vietnamese way (item 1)."""

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib import admin as django_admin
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory
from django.utils.text import camel_case_to_spaces, capfirst

from .test_page_sweep import admin_pages, visible_text
from .test_permission_matrix import world  # noqa: F401 (fixture)

# The district officer at work: before 1/7/2025 (tests/conftest.py `district_era`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("district_era")]

PORTAL_APPS = {
    "territory",
    "accounts",
    "models_registry",
    "reviews",
    "importer",
    "stats",
    "notifications",
    "showcase",
    "assistance",
    "documents",
}

# Words Django and its packages print in English when a label or a translation is missing.
ENGLISH = [
    "Name",
    "User",
    "Users",
    "Key",
    "Type",
    "Created at",
    "Updated at",
    "Created by",
    "Uploaded at",
    "Uploaded by",
    "Version",
    "Model",
    "Entry",
    "Reviewer",
    "Decision",
    "Date",
    "Date/time",
    "Comment",
    "Identity",
    "Timestamps",
    "Configuration",
    "State",
    "Throttling",
    "Confirmed",
    "Search by",
    "TOTP device",
    "TOTP devices",
    "Delete?",
    "Add another",
    "Save and add another",
    "Save and continue editing",
    "History",
    "Change",
    "Filter",
    "Unknown",
    "Action",
    "Actions",
    "Go",
    "Yes",
    "No",
    "All",
    "Search",
    "Score",
    "Scores",
    "relationship",
    "relationships",
    "models",
    "True",
    "False",
    "None",
    "---------",
]
ENGLISH_RE = re.compile("|".join(rf"(?<![\w-]){re.escape(w)}(?![\w-])" for w in ENGLISH))


def portal_models():
    """The portal's own models (not the history tables django-simple-history makes)."""
    for model in apps.get_models():
        if model._meta.app_label in PORTAL_APPS and not hasattr(model, "instance_type"):
            yield model


def field_names(model):
    return [
        f
        for f in model._meta.get_fields()
        if hasattr(f, "verbose_name") and not (f.auto_created and not f.concrete)
    ]


def test_every_model_of_the_portal_has_a_vietnamese_name():
    untranslated = []
    for model in portal_models():
        opts = model._meta
        if opts.verbose_name == camel_case_to_spaces(opts.object_name):
            untranslated.append(f"{opts.label}: verbose_name")
        if opts.verbose_name_plural == f"{opts.verbose_name}s":
            untranslated.append(f"{opts.label}: verbose_name_plural")
    assert not untranslated


def test_every_field_of_the_portal_has_a_vietnamese_label():
    untranslated = [
        f"{model._meta.label}.{field.name}"
        for model in portal_models()
        if not model._meta.proxy  # a proxy's fields are its base's (labelled in its admin)
        for field in field_names(model)
        if field.name != "id" and str(field.verbose_name) == field.name.replace("_", " ")
    ]
    assert not untranslated


class Labels(HTMLParser):
    """Texts of <label> elements and of the change list's column headers."""

    def __init__(self):
        super().__init__()
        self.labels = []
        self._in = None

    def handle_starttag(self, tag, attrs):
        if tag == "label" or (tag == "th" and ("scope", "col") in attrs):
            self._in = tag
            self.labels.append("")

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in:
            self.labels[-1] += data


def labels_of(html):
    parser = Labels()
    parser.feed(html)
    return [" ".join(text.split()).rstrip(":").strip() for text in parser.labels]


def python_names():
    """Every field name of every registered model, as the admin would print it unlabelled."""
    names = set()
    for model in django_admin.site._registry:
        for field in field_names(model):
            if field.name != "id":
                names.add(capfirst(field.name.replace("_", " ")))
                names.add(field.name)
    return names


def test_the_admin_lists_and_forms_are_labelled_in_vietnamese(world):  # noqa: F811
    from django_otp.plugins.otp_totp.models import TOTPDevice

    personas, _objects, _pk_for = world
    administrator = personas["admin"]
    TOTPDevice.objects.create(user=personas["same"], name="Ứng dụng xác thực", confirmed=True)
    request = RequestFactory().get("/quan-tri/")
    request.user = administrator
    client = Client(raise_request_exception=False)
    client.force_login(administrator)
    unlabelled = python_names()
    problems = []
    visited = 0
    for address in admin_pages(administrator, request):
        if address.endswith("/history/"):
            continue  # the history pages are swept by test_page_sweep
        response = client.get(address)
        if response.status_code != 200:
            problems.append(f"{address}: HTTP {response.status_code}")
            continue
        visited += 1
        html = response.content.decode()
        problems += [
            f"{address}: label {label!r}" for label in labels_of(html) if label in unlabelled
        ]
        problems += [
            f"{address}: English {m.group()!r}" for m in ENGLISH_RE.finditer(visible_text(html))
        ]
    assert visited > 60, "every registered admin's list, add and change pages were read"
    assert not problems, "\n".join(sorted(set(problems)))


def test_the_authenticator_apps_are_listed_without_their_secret_keys(world):  # noqa: F811
    from django_otp.plugins.otp_totp.models import TOTPDevice

    personas, _objects, _pk_for = world
    administrator = personas["admin"]
    device = TOTPDevice.objects.create(user=personas["same"], name="Ứng dụng", confirmed=True)
    client = Client()
    client.force_login(administrator)
    listing = client.get("/quan-tri/otp_totp/totpdevice/").content.decode()
    assert "(babe)" in listing and "Ứng dụng xác thực" in listing
    page = client.get(f"/quan-tri/otp_totp/totpdevice/{device.pk}/change/")
    assert device.key not in page.content.decode()
    assert client.get(f"/quan-tri/otp_totp/totpdevice/{device.pk}/change/").status_code == 200


def admin_form(model_class, request, obj=None):
    return django_admin.site._registry[model_class].get_form(request, obj)


def test_the_admin_reads_and_shows_figures_the_vietnamese_way(world):  # noqa: F811
    from decimal import Decimal

    from models_registry.models import DvkModel, YearlyProgress
    from reviews.models import RubricCriterion
    from stats.models import CoverageTarget

    personas, _objects, _pk_for = world
    request = RequestFactory().get("/quan-tri/")
    request.user = personas["admin"]
    model = DvkModel.objects.filter(progress__isnull=False).first()
    model.money_contributed, model.land_donated_m2 = 120_000_000, Decimal("1500.5")
    form = admin_form(DvkModel, request, model)(instance=model)
    assert 'value="120.000.000"' in str(form["money_contributed"])
    assert 'value="1.500,5"' in str(form["land_donated_m2"])
    assert f'value="{model.year}"' in str(form["year"]), "a year is not a figure: no dot"
    fields = form.fields
    assert fields["money_contributed"].clean("120.000.000") == 120_000_000
    assert fields["land_donated_m2"].clean("1.250") == Decimal("1250")
    assert fields["land_donated_m2"].clean("1.500,5") == Decimal("1500.5")
    assert fields["households_mobilised"].clean("1500") == 1500
    with pytest.raises(ValidationError) as refused:
        fields["money_contributed"].clean("một trăm")
    assert "không đọc được là một số" in refused.value.messages[0]

    model_admin = django_admin.site._registry[DvkModel]
    (progress_inline,) = [
        inline
        for inline in model_admin.get_inline_instances(request, model)
        if inline.model is YearlyProgress
    ]
    progress_form = progress_inline.get_formset(request, model).form
    assert progress_form.base_fields["money_contributed"].clean("1.234.567") == 1_234_567

    weight = admin_form(RubricCriterion, request).base_fields["weight"]
    assert weight.clean("1,5") == Decimal("1.5")
    percent = admin_form(CoverageTarget, request).base_fields["percent"]
    assert percent.clean("99,5") == Decimal("99.5")


def test_every_permission_is_named_in_vietnamese():
    from django.contrib.auth.models import Permission

    english = [
        permission.name
        for permission in Permission.objects.all()
        if permission.name.startswith("Can ")
        or re.sub(r"^Được (thêm|sửa|xóa|xem) ", "", permission.name).isascii()
    ]
    assert english == []
    log_entry = Permission.objects.get(codename="view_logentry")
    assert log_entry.name == "Được xem nhật ký thao tác quản trị"
