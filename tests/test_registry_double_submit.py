"""Bad input loses nothing, and a double-submitted form creates one record."""

import pytest

from models_registry.models import DvkModel

from .factories import make_collective, unit
from .test_registry_views import form_data

# District officers at work: before 1/7/2025 (tests/conftest.py `district_era`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("district_era")]


def test_a_double_submitted_create_form_creates_one_model(babe_client):
    collective = make_collective(unit("01894"))
    page = babe_client.get("/mo-hinh/them/").content.decode()
    token = page.split('name="form_token" value="', 1)[1].split('"', 1)[0]
    data = form_data(collective=collective.pk, luu_nhap="1", form_token=token)
    first = babe_client.post("/mo-hinh/them/", data)
    second = babe_client.post("/mo-hinh/them/", data)
    model = DvkModel.objects.get()
    assert first["Location"] == second["Location"] == f"/mo-hinh/{model.pk}/"
    followed = babe_client.get(second["Location"]).content.decode()
    assert "đã được gửi" in followed


def test_two_different_create_forms_create_two_models(babe_client):
    collective = make_collective(unit("01894"))
    babe_client.post(
        "/mo-hinh/them/", form_data(collective=collective.pk, luu_nhap="1", form_token="a" * 32)
    )
    babe_client.post(
        "/mo-hinh/them/",
        form_data(
            collective=collective.pk, title="Mô hình thứ hai", luu_nhap="1", form_token="b" * 32
        ),
    )
    assert DvkModel.objects.count() == 2
