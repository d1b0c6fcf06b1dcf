"""Every number of the statistics page links to the model list that shows the same models
(issue 6); here the numbers whose rule reaches beyond a model's own columns (issue 12)."""

import pytest

from models_registry.models import RegistrationType, Status, YearlyProgress
from tests.factories import make_model, unit

pytestmark = pytest.mark.django_db


def stats_json(client, **params):
    response = client.get("/thong-ke/", {**params, "format": "json"})
    assert response.status_code == 200, response.content[:500]
    return response.json()


def listed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def maintained_in_2023():
    """A 2022 model that reports its 2023 progress (duy trì), and one registered in 2023 as
    carried over; a 2022 model without 2023 progress is not carried over in 2023."""
    model = make_model(unit("02071"), year=2022, title="Xen canh Dưa-Lúa")
    YearlyProgress.objects.create(model=model, year=2023, activities="Duy trì mô hình")
    make_model(
        unit("02071"),
        year=2023,
        title="Đường bê tông thôn Nà Pài",
        registration_type=RegistrationType.CARRIED_OVER,
    )
    make_model(unit("02071"), year=2022, title="Nuôi ong lấy mật")
    make_model(unit("02071"), year=2023, title="Mô hình mới năm 2023")


def test_the_carried_over_link_lists_the_models_maintained_that_year(
    admin_client, maintained_in_2023
):
    data = stats_json(admin_client, don_vi="064", nam=2023)
    assert data["registered"]["carried_over"] == 2
    html = listed(admin_client, data["urls"]["carried_over"])
    assert "Xen canh Dưa-Lúa" in html and "Đường bê tông thôn Nà Pài" in html
    assert "Nuôi ong lấy mật" not in html and "Mô hình mới năm 2023" not in html
    assert "Tìm thấy 2 mô hình" in html


def test_the_carried_over_link_of_a_year_row_in_a_range(admin_client, maintained_in_2023):
    data = stats_json(admin_client, don_vi="064", tu_nam=2022, den_nam=2023)
    rows = {row["year"]: row for row in data["by_year"]}
    assert (rows[2022]["carried_over"], rows[2023]["carried_over"]) == (0, 2)
    html = listed(admin_client, rows[2023]["urls"]["carried_over"])
    assert "Xen canh Dưa-Lúa" in html and "Đường bê tông thôn Nà Pài" in html
    assert "Xen canh Dưa-Lúa" not in listed(admin_client, rows[2022]["urls"]["carried_over"])


def test_the_registered_links_leave_out_drafts_as_the_figures_do(admin_client):
    make_model(unit("02071"), year=2023, title="Mô hình đã đăng ký")
    make_model(unit("02071"), year=2023, title="Bản nháp chưa gửi", status=Status.DRAFT)
    data = stats_json(admin_client, don_vi="064", nam=2023)
    assert data["registered"]["total"] == 1
    for key in ("total", "new", "collective"):
        html = listed(admin_client, data["urls"][key])
        assert "Mô hình đã đăng ký" in html and "Bản nháp chưa gửi" not in html, key
    row = next(r for r in data["by_subunit"] if r["name"] == "Xã Nghĩa Tá")
    assert "Bản nháp chưa gửi" not in listed(admin_client, row["urls"]["total"])
