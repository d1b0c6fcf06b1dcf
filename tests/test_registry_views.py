"""Registry screens for every persona: Ba Bể officer, Chợ Đồn officer, provincial reviewer,
administrator, anonymous visitor. Objects outside a territory are 404; read-only is 403."""

import io

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from models_registry import workflow
from models_registry.models import (
    Attachment,
    AttachmentKind,
    Collective,
    Criterion,
    DvkModel,
    Status,
    YearlyProgress,
)
from territory.models import Level, Unit
from tests.factories import make_collective, make_model, unit

# District officers at work: before 1/7/2025 (tests/conftest.py `district_era`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("district_era")]


def jpeg_bytes(size=(64, 48)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="JPEG")
    return buffer.getvalue()


def add_photo(model, name="khuoi-tau.jpg"):
    photo = Attachment(
        model=model,
        kind=AttachmentKind.PHOTO,
        original_name=name,
        content_type="image/jpeg",
        size=len(jpeg_bytes()),
    )
    photo.file.save(name, ContentFile(jpeg_bytes()), save=False)
    photo.thumbnail.save("t.jpg", ContentFile(jpeg_bytes((32, 24))), save=False)
    photo.save()
    return photo


@pytest.fixture
def babe_model():
    model = make_model(
        Unit.objects.get(name="Thôn Khuổi Tẩu", valid_from=None),
        title="Vận động nhân dân xây dựng và bảo vệ môi trường xanh, sạch, đẹp",
        implementer=make_collective(unit("061"), name="Chi bộ Văn phòng Huyện ủy Ba Bể"),
    )
    workflow.refresh_search_text(DvkModel.objects.filter(pk=model.pk))
    return DvkModel.objects.get(pk=model.pk)


@pytest.fixture
def chodon_model():
    return make_model(
        unit("02071"),
        title="Vận động hội viên phát triển kinh tế xen canh Dưa-Lúa",
        implementer=make_collective(unit("02071"), name="Hội Nông dân xã Nghĩa Tá"),
    )


# ---------------------------------------------------------------- who may open what


def model_urls(model, photo):
    return [
        f"/mo-hinh/{model.pk}/",
        f"/mo-hinh/{model.pk}/sua/",
        f"/mo-hinh/{model.pk}/tep/{photo.pk}/",
        f"/mo-hinh/{model.pk}/tep/{photo.pk}/anh-nho/",
        f"/mo-hinh/{model.pk}/rut/",
        f"/mo-hinh/{model.pk}/ket-qua/them/",
    ]


def test_anonymous_visitors_are_sent_to_the_login_page(anonymous_client, babe_model):
    photo = add_photo(babe_model)
    urls = ["/mo-hinh/", "/mo-hinh/them/", "/mo-hinh/xuat-excel/", "/mo-hinh/don-vi/"]
    for url in urls + model_urls(babe_model, photo):
        response = anonymous_client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/dang-nhap/") or "next=" in response["Location"]


def test_cho_don_officer_gets_404_for_a_ba_be_model_its_edit_and_its_files(
    chodon_client, babe_model
):
    photo = add_photo(babe_model)
    for url in model_urls(babe_model, photo):
        response = chodon_client.get(url)
        assert response.status_code == 404, url
        assert "môi trường xanh, sạch, đẹp" not in response.content.decode()
    response = chodon_client.post(f"/mo-hinh/{babe_model.pk}/sua/", {"title": "Chiếm quyền"})
    assert response.status_code == 404
    assert DvkModel.objects.get(pk=babe_model.pk).title.startswith("Vận động nhân dân xây dựng")


def test_ba_be_officer_opens_and_edits_its_own_model(babe_client, babe_model):
    photo = add_photo(babe_model)
    page = babe_client.get(f"/mo-hinh/{babe_model.pk}/").content.decode()
    assert "Chi bộ Văn phòng Huyện ủy Ba Bể" in page
    assert "Thôn Khuổi Tẩu, Xã Phúc Lộc" in page
    assert f"/mo-hinh/{babe_model.pk}/sua/" in page
    assert f"/mo-hinh/{babe_model.pk}/tep/{photo.pk}/anh-nho/" in page
    assert babe_client.get(f"/mo-hinh/{babe_model.pk}/sua/").status_code == 200
    response = babe_client.get(f"/mo-hinh/{babe_model.pk}/tep/{photo.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == jpeg_bytes()


def test_reviewer_reads_every_district_but_cannot_change_anything(
    reviewer_client, babe_model, chodon_model
):
    page = reviewer_client.get("/mo-hinh/?nam=").content.decode()
    assert babe_model.title in page and chodon_model.title in page
    assert 'name="mo_hinh"' not in page and "Thêm mô hình" not in page
    detail = reviewer_client.get(f"/mo-hinh/{babe_model.pk}/").content.decode()
    assert babe_model.title in detail and f"/mo-hinh/{babe_model.pk}/sua/" not in detail
    assert reviewer_client.get(f"/mo-hinh/{babe_model.pk}/sua/").status_code == 403
    response = reviewer_client.post(
        f"/mo-hinh/{babe_model.pk}/sua/", {"title": "Sửa trái phép", "year": 2023}
    )
    assert response.status_code == 403
    assert DvkModel.objects.get(pk=babe_model.pk).title == babe_model.title
    assert reviewer_client.get("/mo-hinh/them/").status_code == 403
    assert (
        reviewer_client.post(f"/mo-hinh/{babe_model.pk}/rut/", {"reason": "x"}).status_code == 403
    )
    assert reviewer_client.post("/mo-hinh/tap-the/them/", {}).status_code == 403
    assert DvkModel.objects.get(pk=babe_model.pk).status == Status.REGISTERED


def test_administrator_sees_and_edits_everything(admin_client, babe_model, chodon_model):
    page = admin_client.get("/mo-hinh/?nam=").content.decode()
    assert babe_model.title in page and chodon_model.title in page
    assert admin_client.get(f"/mo-hinh/{chodon_model.pk}/sua/").status_code == 200


def test_the_list_does_not_leak_another_districts_models(babe_client, babe_model, chodon_model):
    page = babe_client.get("/mo-hinh/?nam=").content.decode()
    assert babe_model.title in page
    assert chodon_model.title not in page
    assert "Tìm thấy 1 mô hình" in page
    # Searching for it by name does not find it either.
    page = babe_client.get("/mo-hinh/", {"nam": "", "q": "Dưa-Lúa"}).content.decode()
    assert "Tìm thấy 0 mô hình" in page


def test_list_rows_show_implementer_places_field_year_and_status(babe_client, babe_model):
    page = babe_client.get("/mo-hinh/?nam=").content.decode()
    row = page[page.index('data-testid="model-row"') :]
    for text in [
        babe_model.title,
        "Chi bộ Văn phòng Huyện ủy Ba Bể",
        "Thôn Khuổi Tẩu, Xã Phúc Lộc",
        "Lĩnh vực kinh tế",
        "2023",
        "Đã đăng ký",
    ]:
        assert text in row, text
    assert "2.023" not in page


def test_district_staff_and_administrators_get_the_bulk_proposal_form(
    babe_client, admin_client, babe_model
):
    for client in (babe_client, admin_client):
        page = client.get("/mo-hinh/?nam=").content.decode()
        assert 'action="/danh-gia/de-nghi/"' in page
        assert f'name="mo_hinh" value="{babe_model.pk}"' in page
        assert "Đề nghị xét công nhận" in page


def test_filter_parameters_survive_pagination(babe_client):
    for number in range(27):
        make_model(unit("01894"), title=f"Mô hình số {number:02d}", year=2022)
    page = babe_client.get("/mo-hinh/", {"nam": 2022, "loai": "tap_the"}).content.decode()
    assert "Tìm thấy 27 mô hình" in page
    assert "nam=2022&amp;loai=tap_the&amp;trang=2" in page
    second = babe_client.get("/mo-hinh/", {"nam": 2022, "loai": "tap_the", "trang": 2})
    assert second.content.decode().count('data-testid="model-row"') == 2


# ---------------------------------------------------------------- fixed number of queries


def list_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/mo-hinh/?nam=")
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_list_queries_do_not_grow_with_rows(babe_client, django_assert_num_queries):
    make_model(unit("01894"))
    with django_assert_num_queries(LIST_QUERIES):
        babe_client.get("/mo-hinh/?nam=")
    make_model(Unit.objects.get(name="Thôn Pác Châm", valid_from=None), places=None)
    make_model(
        unit("01894"),
        places=[unit("01894"), Unit.objects.get(name="Thôn Khuổi Tẩu", valid_from=None)],
    )
    with django_assert_num_queries(LIST_QUERIES):
        page = babe_client.get("/mo-hinh/?nam=").content.decode()
    assert page.count('data-testid="model-row"') == 3


def test_the_district_and_year_list_queries_do_not_grow_with_rows_or_places(
    reviewer_client, django_assert_num_queries
):
    """Chợ Đồn in 2023, as the benchmark reads it: the roll-up down to the communes and the
    villages carried on apart from their commune (two short queries), then the year's place
    rows inside the list's own queries."""
    chodon = unit("064")
    make_model(unit("02071"), year=2023)
    with django_assert_num_queries(DISTRICT_YEAR_LIST_QUERIES):
        reviewer_client.get("/mo-hinh/", {"don_vi": "064", "nam": 2023})
    village = Unit.objects.filter(level=Level.VILLAGE, parent__parent=chodon).first()
    for commune in Unit.objects.filter(level=Level.COMMUNE, parent=chodon)[:3]:
        make_model(commune, year=2023, places=[commune, village, unit("01894")])
    with django_assert_num_queries(DISTRICT_YEAR_LIST_QUERIES):
        page = reviewer_client.get("/mo-hinh/", {"don_vi": "064", "nam": 2023}).content.decode()
    assert page.count('data-testid="model-row"') == 4


def test_detail_queries_do_not_grow_with_attachments_or_places(
    babe_client, babe_model, django_assert_num_queries
):
    add_photo(babe_model)
    with django_assert_num_queries(DETAIL_QUERIES):
        babe_client.get(f"/mo-hinh/{babe_model.pk}/")
    add_photo(babe_model, "hai.jpg")
    add_photo(babe_model, "ba.jpg")
    babe_model.places.add(unit("01891"), Unit.objects.get(name="Thôn Pác Châm", valid_from=None))
    YearlyProgress.objects.create(model=babe_model, year=2024, activities="Tiếp tục")
    make_model(unit("01894"), parent=babe_model)
    with django_assert_num_queries(DETAIL_QUERIES):
        page = babe_client.get(f"/mo-hinh/{babe_model.pk}/").content.decode()
    assert page.count('data-testid="photo"') == 3 and "Thôn Pác Châm" in page


# Session + user (with their unit) + the user's scope unit ids (read once per request), then
# the page's own queries (see the test names for what must not grow). Nothing is cached, so
# the count is the same on every visit. The model page and the list read the successions of its former
# places in one query (territory.place_lines).
LIST_QUERIES = 11
DETAIL_QUERIES = 14
# The list filtered by a district and a year: the unit's roll-up and the districts and
# communes of the selects besides.
DISTRICT_YEAR_LIST_QUERIES = 14


# ---------------------------------------------------------------- create and edit


def form_data(**overrides):
    data = {
        "title": "Vận động nhân dân trồng cây xanh",
        "year": "2023",
        "registration_type": "moi",
        "implementer_type": "tap_the",
        "collective": "",
        "individual": "",
        "field": "",
        "district": str(unit("061").pk),
        "communes": [str(unit("01894").pk)],
        "villages": [],
        "start_date": "",
        "end_date": "",
        "goals": "",
        "approach": "Họp dân, phân công đảng viên phụ trách từng hộ",
        "results": "",
        "version": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_a_draft_is_saved_with_missing_fields(babe_client):
    collective = make_collective(unit("01894"))
    response = babe_client.post(
        "/mo-hinh/them/", form_data(collective=collective.pk, communes=[], luu_nhap="1")
    )
    model = DvkModel.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/mo-hinh/{model.pk}/"
    assert model.status == Status.DRAFT and model.field is None
    assert model.approach == "Họp dân, phân công đảng viên phụ trách từng hộ"


def test_registering_with_missing_fields_says_what_is_missing_and_keeps_the_typing(babe_client):
    collective = make_collective(unit("01894"))
    response = babe_client.post(
        "/mo-hinh/them/", form_data(collective=collective.pk, communes=[], dang_ky="1")
    )
    page = response.content.decode()
    assert response.status_code == 200 and not DvkModel.objects.exists()
    assert "Chọn lĩnh vực." in page
    assert "Chọn ít nhất một địa bàn thực hiện (xã hoặc thôn)." in page
    assert "Vận động nhân dân trồng cây xanh" in page
    assert "Họp dân, phân công đảng viên phụ trách từng hộ" in page


def test_an_invalid_date_is_explained_next_to_the_field(babe_client):
    collective = make_collective(unit("01894"))
    page = babe_client.post(
        "/mo-hinh/them/",
        form_data(collective=collective.pk, start_date="31/02/2023", luu_nhap="1"),
    ).content.decode()
    assert "Ngày không hợp lệ, ghi theo dạng dd/mm/yyyy." in page
    assert 'value="31/02/2023"' in page


def test_registering_a_complete_model_with_a_village_and_criterion(babe_client, babe_officer):
    collective = make_collective(unit("01894"))
    village = Unit.objects.get(name="Thôn Khuổi Tẩu", valid_from=None)
    criterion = Criterion.objects.get(criterion_set__name="2021-2025", number=17)
    response = babe_client.post(
        "/mo-hinh/them/",
        form_data(
            collective=collective.pk,
            field=str(
                __import__("models_registry.models").models.Field.objects.get(code="BK-NTM").pk
            ),
            villages=[str(village.pk)],
            criteria=[str(criterion.pk)],
            start_date="15/3/2023",
            dang_ky="1",
        ),
    )
    assert response.status_code == 302
    model = DvkModel.objects.get()
    assert model.status == Status.REGISTERED and model.created_by == babe_officer
    assert list(model.places.all()) == [village]  # the commune is implied by its village
    assert list(model.criteria.all()) == [criterion]
    assert model.start_date.isoformat() == "2023-03-15"
    assert model.unit == unit("061") and model.commune == unit("01894")


def test_a_ba_be_officer_cannot_place_a_model_in_cho_don(babe_client):
    collective = make_collective(unit("01894"))
    response = babe_client.post(
        "/mo-hinh/them/",
        form_data(
            collective=collective.pk,
            district=str(unit("064").pk),
            communes=[str(unit("02071").pk)],
            luu_nhap="1",
        ),
    )
    assert response.status_code == 200 and not DvkModel.objects.exists()
    assert "không nằm trong các lựa chọn" in response.content.decode() or "Lựa chọn" in (
        response.content.decode()
    )


def test_duplicate_registration_warns_with_a_link_and_can_still_be_saved(babe_client, babe_model):
    data = form_data(
        title="VẬN ĐỘNG NHÂN DÂN XÂY DỰNG VÀ BẢO VỆ MÔI TRƯỜNG XANH, SẠCH, ĐẸP",
        collective=babe_model.collective_id,
        luu_nhap="1",
    )
    page = babe_client.post("/mo-hinh/them/", data).content.decode()
    assert 'data-testid="duplicate-warning"' in page
    assert f'href="/mo-hinh/{babe_model.pk}/"' in page
    assert DvkModel.objects.count() == 1
    response = babe_client.post("/mo-hinh/them/", {**data, "confirm_duplicate": "on"})
    assert response.status_code == 302 and DvkModel.objects.count() == 2


def test_a_stale_edit_is_refused_and_the_typed_text_kept(babe_client, babe_model, administrator):
    opened = babe_model.version
    babe_model.title = "Quản trị viên đã sửa trước"
    workflow.save_model(babe_model, user=administrator, places=list(babe_model.places.all()))
    response = babe_client.post(
        f"/mo-hinh/{babe_model.pk}/sua/",
        form_data(
            title="Bản sửa của huyện",
            collective=babe_model.collective_id,
            field=str(babe_model.field_id),
            villages=[str(Unit.objects.get(name="Thôn Khuổi Tẩu", valid_from=None).pk)],
            version=str(opened),
            luu="1",
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "vừa được Quantri lưu lúc" in page and "Bản sửa của huyện" in page
    assert DvkModel.objects.get(pk=babe_model.pk).title == "Quản trị viên đã sửa trước"


def test_editing_keeps_status_and_records_who_changed_what(babe_client, babe_model):
    page = babe_client.get(f"/mo-hinh/{babe_model.pk}/sua/").content.decode()
    assert f'value="{babe_model.version}"' in page and "Thôn Khuổi Tẩu" in page
    response = babe_client.post(
        f"/mo-hinh/{babe_model.pk}/sua/",
        form_data(
            title="Vận động nhân dân giữ gìn môi trường xanh",
            collective=babe_model.collective_id,
            field=str(babe_model.field_id),
            communes=[str(unit("01894").pk)],
            villages=[str(Unit.objects.get(name="Thôn Khuổi Tẩu", valid_from=None).pk)],
            version=str(babe_model.version),
            luu="1",
        ),
    )
    assert response.status_code == 302
    detail = babe_client.get(f"/mo-hinh/{babe_model.pk}/").content.decode()
    history = detail[detail.index('data-testid="history"') :]
    assert "Babe" in history and "Tên mô hình" in history
    assert "Vận động nhân dân giữ gìn môi trường xanh" in history
    assert DvkModel.objects.get(pk=babe_model.pk).status == Status.REGISTERED


# ---------------------------------------------------------------- htmx: dependent choices, inline creation


def test_choosing_a_district_lists_its_communes_then_villages(admin_client):
    page = admin_client.get(
        "/mo-hinh/bieu-mau/dia-ban/", {"year": 2023, "district": unit("061").pk}
    ).content.decode()
    assert "Xã Phúc Lộc" in page and "Xã Nghĩa Tá" not in page and "Thôn Khuổi Tẩu" not in page
    page = admin_client.get(
        "/mo-hinh/bieu-mau/dia-ban/",
        {"year": 2023, "district": unit("061").pk, "communes": unit("01894").pk},
    ).content.decode()
    assert "Thôn Khuổi Tẩu" in page
    assert "Tiêu chí số 17 – Môi trường và an toàn thực phẩm" in page


def test_from_2026_the_new_communes_are_offered_without_districts(babe_client):
    page = babe_client.get("/mo-hinh/bieu-mau/dia-ban/", {"year": 2026}).content.decode()
    assert 'name="district"' not in page
    assert f'value="{unit("01894", current=True).pk}"' in page  # Xã Phúc Lộc (2025)
    assert f'value="{unit("02071", current=True).pk}"' not in page  # Nghĩa Tá: Chợ Đồn's
    assert "bộ tiêu chí NTM 2026-2030".lower() in page.lower()


def test_a_district_officers_district_is_fixed(chodon_client):
    page = chodon_client.get("/mo-hinh/them/").content.decode()
    assert "— Chọn huyện —" not in page
    page = chodon_client.get(
        "/mo-hinh/bieu-mau/dia-ban/", {"year": 2023, "district": unit("061").pk}
    ).content.decode()
    assert "Xã Phúc Lộc" not in page and "Xã Nghĩa Tá" in page


def test_list_commune_options_stay_inside_the_territory(chodon_client, admin_client):
    page = admin_client.get("/mo-hinh/don-vi/", {"don_vi": "061"}).content.decode()
    assert 'value="01894"' in page and 'value="02071"' not in page
    page = chodon_client.get("/mo-hinh/don-vi/", {"don_vi": "061"}).content.decode()
    assert "Phúc Lộc" not in page and "Bành Trạch" not in page


def test_a_collective_is_added_inline_and_selected(babe_client):
    form = babe_client.get("/mo-hinh/tap-the/them/").content.decode()
    assert 'name="tt-name"' in form
    response = babe_client.post(
        "/mo-hinh/tap-the/them/",
        {
            "tt-name": "Hội Nông dân xã Phúc Lộc",
            "tt-kind": "hoi_nong_dan",
            "tt-unit": unit("01894").pk,
        },
    )
    page = response.content.decode()
    created = Collective.objects.get(name="Hội Nông dân xã Phúc Lộc")
    assert 'hx-swap-oob="true"' in page
    assert f'<option value="{created.pk}" selected>' in page


def test_inline_collective_errors_are_in_vietnamese_and_outside_units_refused(babe_client):
    page = babe_client.post(
        "/mo-hinh/tap-the/them/",
        {"tt-name": "", "tt-kind": "hoi_nong_dan", "tt-unit": unit("02071").pk},
    ).content.decode()
    assert "Trường này là bắt buộc." in page or "bắt buộc" in page
    assert "Lựa chọn" in page  # the Chợ Đồn commune is not a valid choice
    assert not Collective.objects.exists()


# ---------------------------------------------------------------- state changes from the detail page


def test_withdraw_asks_for_a_reason_and_keeps_the_model(babe_client, babe_model):
    page = babe_client.post(f"/mo-hinh/{babe_model.pk}/rut/", {"reason": ""}).content.decode()
    assert "Nhập lý do rút mô hình." in page
    babe_client.post(f"/mo-hinh/{babe_model.pk}/rut/", {"reason": "Không còn thực hiện"})
    assert DvkModel.objects.get(pk=babe_model.pk).status == Status.WITHDRAWN
    page = babe_client.get("/mo-hinh/", {"nam": "", "trang_thai": "rut"}).content.decode()
    assert babe_model.title in page


def test_only_a_draft_can_be_deleted(babe_client, babe_model):
    assert babe_client.post(f"/mo-hinh/{babe_model.pk}/xoa/").status_code == 403
    drafted = make_model(unit("01894"), status=Status.DRAFT)
    response = babe_client.post(f"/mo-hinh/{drafted.pk}/xoa/")
    assert response.status_code == 302
    assert list(DvkModel.objects.all()) == [babe_model]


def test_submitting_a_draft_registers_it(babe_client):
    drafted = make_model(unit("01894"), status=Status.DRAFT)
    babe_client.post(f"/mo-hinh/{drafted.pk}/dang-ky/")
    assert DvkModel.objects.get(pk=drafted.pk).status == Status.REGISTERED


def test_yearly_progress_is_added_and_edited(babe_client, babe_model):
    response = babe_client.post(
        f"/mo-hinh/{babe_model.pk}/ket-qua/them/",
        {"year": 2024, "activities": "Trồng 500 cây hoa", "money_contributed": 12500000},
    )
    assert response.status_code == 302
    progress = YearlyProgress.objects.get(model=babe_model)
    page = babe_client.get(f"/mo-hinh/{babe_model.pk}/").content.decode()
    assert "Trồng 500 cây hoa" in page and "12.500.000 đồng" in page
    page = babe_client.post(
        f"/mo-hinh/{babe_model.pk}/ket-qua/them/", {"year": 2024, "activities": "Lặp"}
    ).content.decode()
    assert "Đã có kết quả năm 2024" in page
    babe_client.post(
        f"/mo-hinh/{babe_model.pk}/ket-qua/{progress.pk}/sua/",
        {"year": 2024, "activities": "Trồng 600 cây hoa"},
    )
    assert YearlyProgress.objects.get(pk=progress.pk).activities == "Trồng 600 cây hoa"


def test_detail_shows_criteria_replications_and_the_reviews_panel(babe_client, babe_model):
    babe_model.criteria.add(Criterion.objects.get(criterion_set__name="2021-2025", number=17))
    copy = make_model(unit("01891"), title="Nhân rộng ở Bành Trạch", parent=babe_model)
    page = babe_client.get(f"/mo-hinh/{babe_model.pk}/").content.decode()
    assert "Tiêu chí số 17 – Môi trường và an toàn thực phẩm" in page
    assert f'href="/mo-hinh/{copy.pk}/"' in page
    assert "Bình xét và khen thưởng" in page
    copy_page = babe_client.get(f"/mo-hinh/{copy.pk}/").content.decode()
    assert f'href="/mo-hinh/{babe_model.pk}/"' in copy_page
