"""Replication across district and commune lines: a model may name as its source any model of
its own territory, or a recognised (published) model from anywhere in the province; the model
page shows the lineage over more than one level."""

import pytest
from django.core.exceptions import ValidationError

from models_registry import workflow
from models_registry.models import DvkModel, RecognitionLevel, Status
from territory.models import Unit

from .factories import make_collective, make_model, unit
from .test_registry_views import form_data

# District officers at work: before 1/7/2025 (tests/conftest.py `district_era`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("district_era")]


def recognised(place, title, **extra):
    return make_model(
        place,
        title=title,
        status=Status.RECOGNISED,
        recognition_level=RecognitionLevel.DISTRICT,
        recognition_year=2023,
        **extra,
    )


def chodon_form(**overrides):
    collective = make_collective(unit("02071"), name="Hội Nông dân xã Nghĩa Tá")
    return form_data(
        collective=collective.pk,
        district=str(unit("064").pk),
        communes=[str(unit("02071").pk)],
        luu_nhap="1",
        **overrides,
    )


def test_cho_don_copies_a_recognised_ba_be_model(chodon_client):
    origin = recognised(
        Unit.objects.get(name="Thôn Khuổi Tẩu", valid_from=None), "Môi trường xanh, sạch, đẹp"
    )
    response = chodon_client.post(
        "/mo-hinh/them/", chodon_form(title="Nhân rộng ở Nghĩa Tá", parent_number=origin.pk)
    )
    assert response.status_code == 302
    assert DvkModel.objects.get(title="Nhân rộng ở Nghĩa Tá").parent == origin


def test_an_unrecognised_model_of_another_district_cannot_be_named(chodon_client):
    secret = make_model(unit("01891"), title="Bản nháp của Ba Bể", status=Status.DRAFT)
    page = chodon_client.post(
        "/mo-hinh/them/", chodon_form(title="Nhân rộng", parent_number=secret.pk)
    ).content.decode()
    assert f"Không tìm thấy mô hình số {secret.pk}" in page
    assert "Bản nháp của Ba Bể" not in page
    assert not DvkModel.objects.filter(title="Nhân rộng").exists()


def test_the_workflow_holds_the_rule_too(chodon_officer):
    secret = make_model(unit("01891"), title="Chưa công nhận")
    copy = DvkModel(
        title="Nhân rộng", year=2023, collective=make_collective(unit("02071")), parent=secret
    )
    with pytest.raises(ValidationError) as refused:
        workflow.save_model(copy, user=chodon_officer, places=[unit("02071")])
    assert "parent_number" in refused.value.message_dict


def test_todays_commune_may_name_a_recognised_model_of_the_old_province(commune_officer):
    # Xã Bằng Thành (Thái Nguyên, from 1/7/2025) and a Chợ Đồn model of Bắc Kạn, recognised.
    origin = recognised(unit("02071"), "Xen canh Dưa-Lúa")
    unrecognised = make_model(unit("02071"), title="Chưa công nhận ở Nghĩa Tá")
    sources = workflow.replication_sources(commune_officer)
    assert sources.filter(pk=origin.pk).exists()
    assert not sources.filter(pk=unrecognised.pk).exists()


def test_a_model_cannot_replicate_its_own_copy(babe_officer):
    origin = make_model(unit("01891"), title="Gốc")
    copy = make_model(unit("01894"), title="Bản sao", parent=origin)
    origin.parent = copy
    with pytest.raises(ValidationError) as refused:
        workflow.save_model(origin, user=babe_officer, places=[unit("01891")])
    assert "nhân rộng từ chính mô hình này" in str(refused.value)


def test_the_model_page_shows_the_lineage_over_several_levels(babe_client, chodon_client):
    root = recognised(Unit.objects.get(name="Thôn Khuổi Tẩu", valid_from=None), "Gốc ở Ba Bể")
    middle = recognised(unit("02071"), "Nhân rộng lần một ở Chợ Đồn", parent=root)
    leaf = make_model(unit("02071"), title="Nhân rộng lần hai ở Chợ Đồn", parent=middle)
    make_model(unit("02071"), title="Bản nháp chưa công nhận", parent=root)

    page = chodon_client.get(f"/mo-hinh/{leaf.pk}/").content.decode()
    up = page[page.index('data-testid="lineage-up"') :]
    assert "Gốc ở Ba Bể" in up and "Nhân rộng lần một ở Chợ Đồn" in up
    assert up.index("Gốc ở Ba Bể") < up.index("Nhân rộng lần một ở Chợ Đồn")
    # The Ba Bể model is named, not linked: its page is Ba Bể's.
    assert f'href="/mo-hinh/{root.pk}/"' not in page
    assert f'href="/mo-hinh/{middle.pk}/"' in page

    page = babe_client.get(f"/mo-hinh/{root.pk}/").content.decode()
    down = page[page.index('data-testid="lineage-down"') :]
    assert "Nhân rộng lần một ở Chợ Đồn" in down
    # Another district's unrecognised models stay out of sight, at every level.
    assert "Nhân rộng lần hai ở Chợ Đồn" not in page and "Bản nháp chưa công nhận" not in page


def test_the_lineage_links_exactly_the_models_the_door_lets_through(
    babe_officer, chodon_officer, commune_officer, reviewer, administrator
):
    """`with_visibility` is `visible_to` as a column: the lineage links what the door opens."""
    from django.contrib.auth.models import AnonymousUser

    make_model(unit("01891"), title="Ba Bể")
    make_model(unit("02071"), title="Chợ Đồn")
    make_model(Unit.objects.get(name="Thôn Khuổi Tẩu", valid_from=None), title="Một thôn")
    opened = {}
    for user in (babe_officer, chodon_officer, commune_officer, reviewer, administrator):
        flagged = {m.pk for m in DvkModel.objects.with_visibility(user) if m.visible}
        opened[user.username] = set(DvkModel.objects.visible_to(user).values_list("pk", flat=True))
        assert flagged == opened[user.username], user.username
    assert not any(m.visible for m in DvkModel.objects.with_visibility(AnonymousUser()))
    # Not a vacuous equality: some see a part, the reviewer all three.
    assert 0 < len(opened[chodon_officer.username]) < len(opened[reviewer.username]) == 3
