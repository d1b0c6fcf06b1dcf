"""Yearly progress: a stale save is refused with who saved and when, and the typing is kept."""

import pytest

from models_registry import workflow
from models_registry.models import YearlyProgress
from tests import test_registry_views

# District officers at work: before 1/7/2025 (tests/conftest.py `district_era`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("district_era")]
babe_model = test_registry_views.babe_model


def test_a_stale_progress_save_is_refused_with_who_and_when(
    babe_client,
    babe_model,
    administrator,
):
    progress = workflow.save_progress(
        YearlyProgress(model=babe_model, year=2024, activities="Trồng 500 cây hoa"),
        user=administrator,
    )
    url = f"/mo-hinh/{babe_model.pk}/ket-qua/{progress.pk}/sua/"
    page = babe_client.get(url).content.decode()
    opened = progress.version
    assert f'name="version" value="{opened}"' in page
    progress.activities = "Quản trị viên sửa trước: trồng 700 cây"
    workflow.save_progress(progress, user=administrator, expected_version=opened)

    response = babe_client.post(
        url, {"year": 2024, "activities": "Huyện sửa: trồng 600 cây", "version": opened}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "vừa được Quantri lưu lúc" in page
    assert "Huyện sửa: trồng 600 cây" in page
    saved = YearlyProgress.objects.get(pk=progress.pk)
    assert saved.activities == "Quản trị viên sửa trước: trồng 700 cây"


def test_a_fresh_progress_save_goes_through_and_bumps_the_version(
    babe_client,
    babe_model,
):
    babe_client.post(
        f"/mo-hinh/{babe_model.pk}/ket-qua/them/", {"year": 2024, "activities": "Làm đường"}
    )
    progress = YearlyProgress.objects.get()
    response = babe_client.post(
        f"/mo-hinh/{babe_model.pk}/ket-qua/{progress.pk}/sua/",
        {"year": 2024, "activities": "Làm 2 km đường", "version": progress.version},
    )
    assert response.status_code == 302
    saved = YearlyProgress.objects.get()
    assert saved.activities == "Làm 2 km đường" and saved.version == progress.version + 1
