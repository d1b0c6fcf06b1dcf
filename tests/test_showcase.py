"""The public showcase: recognised and exemplary models with published results, nothing else."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from models_registry.models import (
    Attachment,
    DvkModel,
    RecognitionLevel,
    Status,
)
from reviews import workflow
from reviews.models import (
    CommendationForm,
    Decision,
    EntryState,
    IssuingBody,
    Recipient,
    RoundLevel,
)
from tests.factories import make_individual, make_model, unit
from tests.test_registry_attachments import image_bytes, upload
from tests.test_reviews_helpers import babe_model, entry_in_state, make_round

# District officers at work: before 1/7/2025 (tests/conftest.py `district_era`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("district_era")]

SECRET = "BÍ MẬT — không được lộ ra trang công khai"


def published(model, runner, proposer, *, exemplary=True):
    """Scored, with a reviewer's comment, and recognised (and exemplary) in Bắc Kạn's 2025
    provincial round, which is then closed: published."""
    round = make_round(RoundLevel.PROVINCE, "06", year=2025)
    entry = workflow.propose(model, round, proposer)
    workflow.save_assessment(
        entry,
        runner,
        {c.pk: c.max_score for c in workflow.active_criteria()},
        comment=f"Nhận xét {SECRET}",
    )
    steps = [EntryState.RECOGNISED] + ([EntryState.EXEMPLARY] if exemplary else [])
    for step in steps:
        entry = workflow.decide(entry, runner, step, version=entry.version, reason="Lý do thử")
    workflow.close_round(round, runner)
    return entry


def recognised(place, **extra):
    """A model whose recognition is on record (as the importer's historical backfill leaves it)."""
    extra.setdefault("recognition_level", RecognitionLevel.DISTRICT)
    extra.setdefault("recognition_year", 2023)
    extra.setdefault("status", Status.RECOGNISED)
    return make_model(place, **extra)


@pytest.fixture
def exemplary(babe_officer, reviewer):
    model = babe_model(
        title="Vận động nhân dân xây dựng đường bê tông thôn Pác Châm",
        results="Nhân dân hiến 2.000 m² đất, góp 1.200 ngày công làm 3 km đường.",
        note=f"Ghi chú nội bộ {SECRET}",
        partners="Ban Dân vận Tỉnh ủy",
    )
    entry = published(model, reviewer, babe_officer)
    decision = Decision.objects.create(
        number="45/QĐ-BDVTU",
        date="2025-06-20",
        issuer=IssuingBody.objects.get(name="Ban Dân vận Tỉnh ủy Bắc Kạn"),
        form=CommendationForm.CERTIFICATE_OF_MERIT,
        year=2025,
    )
    Recipient.objects.create(decision=decision, collective=model.collective, model=model)
    return DvkModel.objects.get(pk=entry.model_id)


def test_a_published_exemplary_model_shows_what_the_public_may_know(anonymous_client, exemplary):
    page = anonymous_client.get("/dien-hinh/").content.decode()
    assert "Vận động nhân dân xây dựng đường bê tông thôn Pác Châm" in page
    assert exemplary.collective.name in page
    assert "Điển hình, tiêu biểu" in page
    assert "Cấp tỉnh năm 2025" in page
    assert (
        "Bằng khen của Ban Dân vận Tỉnh ủy Bắc Kạn (Quyết định số 45/QĐ-BDVTU ngày 20/06/2025)"
        in page
    )
    assert "Nhân dân hiến 2.000 m² đất" in page
    assert exemplary.field.name in page
    detail = anonymous_client.get(f"/dien-hinh/{exemplary.pk}/").content.decode()
    assert "Nhân dân hiến 2.000 m² đất, góp 1.200 ngày công làm 3 km đường." in detail
    assert f"http://testserver/dien-hinh/{exemplary.pk}/" in detail  # the shareable link
    assert "data-print" in detail
    assert SECRET not in page + detail


def test_a_former_commune_is_shown_under_todays_name_with_the_old_one(anonymous_client):
    model = recognised(unit("01870"), title="Vận động nhân dân thực hiện tiêu chí số 17")
    detail = anonymous_client.get(f"/dien-hinh/{model.pk}/").content.decode()
    assert "Xã Bằng Thành" in detail
    assert "(trước đây: Xã Giáo Hiệu, Huyện Pác Nặm)" in detail
    today = recognised(unit("01864", current=True), year=2026, title="Mô hình năm 2026")
    page = anonymous_client.get(f"/dien-hinh/{today.pk}/").content.decode()
    assert "Xã Bằng Thành" in page and "trước đây" not in page


def test_nothing_private_leaks(anonymous_client, babe_officer, reviewer, exemplary):
    # The published entry has scores and a reviewer's comment (`published`).
    # Recognised quietly in an open round: not published yet.
    quiet = babe_model(title=f"Chưa công bố {SECRET}", year=2025)
    entry_in_state(
        EntryState.RECOGNISED,
        make_round(RoundLevel.DISTRICT, "061", year=2025),
        babe_officer,
        babe_officer,
        model=quiet,
    )
    # Returned with a reason, after an earlier recognition.
    returned = recognised(unit("01891"), title=f"Bị trả lại {SECRET}")
    entry_in_state(
        EntryState.RETURNED,
        make_round(RoundLevel.PROVINCE, "06", year=2024),
        babe_officer,
        reviewer,
        model=returned,
    )
    drafted = recognised(unit("01891"), title=f"Bản nháp {SECRET}", status=Status.DRAFT)
    withdrawn = recognised(unit("01891"), title=f"Đã rút {SECRET}", status=Status.WITHDRAWN)
    registered = babe_model(title=f"Mới đăng ký {SECRET}")
    # An individual who did not agree to be named, with their details.
    person = make_individual(
        unit("01891"), name="Hoàng Thị Bí Mật", position=f"Thôn Nà Hin, {SECRET}", birth_year=1970
    )
    unnamed = recognised(unit("01891"), implementer=person, title="Mô hình nuôi ngựa tạo việc làm")
    # Photos and documents not marked public, and a document marked public by mistake.
    private_photo = upload(
        babe_client_for(babe_officer),
        exemplary,
        "rieng.jpg",
        image_bytes(),
        caption=f"Ảnh {SECRET}",
    )
    assert private_photo.status_code == 302
    hidden_photo = Attachment.objects.get(caption=f"Ảnh {SECRET}")

    pages = [
        anonymous_client.get(url).content.decode()
        for url in (
            "/dien-hinh/",
            f"/dien-hinh/{exemplary.pk}/",
            f"/dien-hinh/{unnamed.pk}/",
            f"/dien-hinh/?q={person.full_name}",
        )
    ]
    text = "".join(pages)
    assert SECRET not in text
    # (The search page echoes the words typed into its own box, nothing more.)
    assert "Hoàng Thị Bí Mật" not in "".join(pages[:3]) and "1970" not in text
    assert "Cá nhân (không công khai họ tên)" in pages[2]
    assert "Mô hình nuôi ngựa tạo việc làm" in pages[2]
    assert "Lý do thử" not in text  # the reasons given in the workflow
    assert "Tổng điểm" not in text and "100/100" not in text
    assert "Có 0 mô hình" in pages[3]  # not found by the unnamed person's name
    for model in (quiet, returned, drafted, withdrawn, registered):
        assert anonymous_client.get(f"/dien-hinh/{model.pk}/").status_code == 404
    assert (
        anonymous_client.get(f"/dien-hinh/{exemplary.pk}/anh/{hidden_photo.pk}/").status_code == 404
    )
    assert (
        anonymous_client.get(
            f"/dien-hinh/{exemplary.pk}/anh/{hidden_photo.pk}/anh-nho/"
        ).status_code
        == 404
    )


def babe_client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_photos_marked_public_are_served_without_login(anonymous_client, babe_client, exemplary):
    response = babe_client.post(
        f"/mo-hinh/{exemplary.pk}/tep/them/",
        {
            "file": SimpleUploadedFile("cong-khai.jpg", image_bytes()),
            "caption": "Đường mới",
            "is_public": "on",
        },
    )
    assert response.status_code == 302
    photo = Attachment.objects.get(caption="Đường mới")
    assert photo.is_public
    detail = anonymous_client.get(f"/dien-hinh/{exemplary.pk}/").content.decode()
    assert f"/dien-hinh/{exemplary.pk}/anh/{photo.pk}/anh-nho/" in detail and "Đường mới" in detail
    served = anonymous_client.get(f"/dien-hinh/{exemplary.pk}/anh/{photo.pk}/")
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert b"".join(served.streaming_content) == photo.file.open("rb").read()
    # The registry's own file URL still asks for a login.
    assert anonymous_client.get(f"/mo-hinh/{exemplary.pk}/tep/{photo.pk}/").url.startswith(
        "/dang-nhap/"
    )


def test_a_document_is_never_public(babe_client, exemplary):
    babe_client.post(
        f"/mo-hinh/{exemplary.pk}/tep/them/",
        {"file": SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4\n%..."), "is_public": "on"},
    )
    assert not Attachment.objects.get(original_name="bao-cao.pdf").is_public


def test_an_individual_is_named_only_with_consent(anonymous_client):
    person = make_individual(unit("01891"), name="Quan Thị Giang")
    model = recognised(
        unit("01891"), implementer=person, individual_consents=True, title="Nuôi ngựa"
    )
    page = anonymous_client.get(f"/dien-hinh/{model.pk}/").content.decode()
    assert "Quan Thị Giang" in page
    assert "Nuôi ngựa" in anonymous_client.get("/dien-hinh/?q=quan thi giang").content.decode()


def test_the_registry_form_saves_the_consent(babe_client):
    from tests.test_registry_views import form_data

    person = make_individual(unit("01894"), name="Nông Văn Đồng Ý")
    form = babe_client.get("/mo-hinh/them/").content.decode()
    assert "Cá nhân đồng ý công khai họ tên" in form
    babe_client.post(
        "/mo-hinh/them/",
        form_data(
            implementer_type="ca_nhan",
            individual=person.pk,
            individual_consents="on",
            luu_nhap="1",
        ),
    )
    assert DvkModel.objects.get(individual=person).individual_consents is True


def test_diacritic_free_search_and_filters(anonymous_client):
    nahin = recognised(
        unit("01870"),
        title="Vận động nhân dân giữ vệ sinh môi trường thôn Nà Hin",
        recognition_year=2023,
    )
    other = recognised(
        unit("02071"),
        title="Phát triển kinh tế xen canh Dưa-Lúa",
        recognition_year=2024,
        recognition_level=RecognitionLevel.CENTRAL,
        field_code="KT",
        is_exemplary=True,
    )

    def found(query):
        page = anonymous_client.get(f"/dien-hinh/?{query}").content.decode()
        return {m.title for m in (nahin, other) if m.title in page}

    assert found("q=ve sinh moi truong na hin") == {nahin.title}
    assert found("q=XEN CANH dua") == {other.title}
    assert found("nam=2024") == {other.title}
    assert found("cap=trung_uong") == {other.title}
    assert found("cap=dien_hinh") == {other.title}
    assert found("cap=huyen") == {nahin.title}
    # Today's Xã Bằng Thành includes the former Xã Giáo Hiệu.
    assert found(f"xa={unit('01864', current=True).pk}") == {nahin.title}
    field = other.field
    assert found(f"linh_vuc={field.pk}") >= {other.title}


def test_counts_by_field_and_commune_for_the_province(anonymous_client):
    recognised(unit("01870"))
    recognised(unit("01864", current=True), year=2026)
    recognised(unit("01891"), status=Status.DRAFT)  # not public: not counted
    page = anonymous_client.get("/dien-hinh/").content.decode()
    by_commune = page.split('data-testid="by-commune"', 1)[1].split("</table>", 1)[0]
    assert 'Xã Bằng Thành</th><td class="text-end">2</td>' in by_commune


def test_a_change_shows_at_once_to_anonymous_visitors(anonymous_client, exemplary):
    """No page is kept in a cache: what the registry holds now is what the public sees."""
    first = anonymous_client.get("/dien-hinh/")
    assert exemplary.title in first.content.decode()
    assert "csrftoken" not in first.cookies  # nothing user-specific on the public pages
    DvkModel.objects.filter(pk=exemplary.pk).update(title="Tên mới sau khi sửa")
    assert "Tên mới sau khi sửa" in anonymous_client.get("/dien-hinh/").content.decode()
    page = anonymous_client.get(f"/dien-hinh/{exemplary.pk}/").content.decode()
    assert "Tên mới sau khi sửa" in page


def test_anonymous_visitors_may_keep_a_page_briefly_and_revalidate_it(
    anonymous_client, babe_client, exemplary
):
    """Issue 16: pages cached for anonymous visitors, light on a phone. The browser or the proxy
    keeps the page a minute, then asks with its ETag: "304 Not Modified" and no body while nothing
    changed, the new page once something did. Signed in, a page stays private."""
    for url in ("/dien-hinh/", f"/dien-hinh/{exemplary.pk}/"):
        first = anonymous_client.get(url)
        assert "public" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"]
        assert "no-store" not in first["Cache-Control"] and "Cookie" in first["Vary"]
        again = anonymous_client.get(url, headers={"if-none-match": first["ETag"]})
        assert again.status_code == 304 and again.content == b""
        signed_in = babe_client.get(url)
        assert "private" in signed_in["Cache-Control"] and "no-store" in signed_in["Cache-Control"]
    DvkModel.objects.filter(pk=exemplary.pk).update(title="Tên mới sau khi sửa")
    changed = anonymous_client.get("/dien-hinh/", headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200 and "Tên mới sau khi sửa" in changed.content.decode()
    assert anonymous_client.get("/dien-hinh/999999/")["Cache-Control"] == "private, no-store"
    # A proxy or a link checker asking HEAD gets the same headers, without the page.
    head = anonymous_client.head("/dien-hinh/")
    assert head.status_code == 200 and "public" in head["Cache-Control"]


def test_a_public_photo_may_be_kept_by_browsers(anonymous_client, babe_client, exemplary):
    upload(babe_client, exemplary, "cong-khai.jpg", image_bytes(), caption="Ảnh công khai")
    photo = Attachment.objects.get(caption="Ảnh công khai")
    babe_client.post(f"/dien-hinh/{exemplary.pk}/anh/{photo.pk}/cong-khai/", {"cong_khai": "1"})
    response = anonymous_client.get(f"/dien-hinh/{exemplary.pk}/anh/{photo.pk}/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"


@pytest.mark.parametrize("rows", [1, 3])
def test_list_query_count_is_fixed(anonymous_client, rows):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for number in range(rows):
        model = recognised(unit("01864", current=True), year=2026, title=f"Mô hình số {number}")
        decision = Decision.objects.create(
            number=f"{number}/QĐ",
            date="2026-11-20",
            issuer=IssuingBody.objects.get(name="Ban Dân vận Tỉnh ủy Bắc Kạn"),
            form=CommendationForm.COMMENDATION,
            year=2026,
        )
        Recipient.objects.create(decision=decision, collective=model.collective, model=model)
    with CaptureQueriesContext(connection) as queries:
        page = anonymous_client.get("/dien-hinh/?cap=huyen").content.decode()
    assert page.count('data-testid="showcase-card"') == rows
    # count, page, commendations, photos, fields, communes, years, two counts, their units
    assert len(queries) == 10


def test_an_officer_publishes_an_existing_photo_and_takes_it_off(
    anonymous_client, babe_client, chodon_client, exemplary
):
    upload(babe_client, exemplary, "sau.jpg", image_bytes(), caption="Ảnh tải trước đây")
    photo = Attachment.objects.get(caption="Ảnh tải trước đây")
    detail = f"/dien-hinh/{exemplary.pk}/"
    assert "Ảnh tải trước đây" not in anonymous_client.get(detail).content.decode()
    url = f"/dien-hinh/{exemplary.pk}/anh/{photo.pk}/cong-khai/"
    assert chodon_client.post(url, {"cong_khai": "1"}).status_code == 404
    registry_page = babe_client.get(f"/mo-hinh/{exemplary.pk}/").content.decode()
    assert f'action="{url}"' in registry_page and "Công khai ảnh" in registry_page
    assert babe_client.post(url, {"cong_khai": "1"})["Location"] == f"/mo-hinh/{exemplary.pk}/#tep"
    photo.refresh_from_db()
    assert photo.is_public
    # (Signed in: the anonymous copy of the page is cached for five minutes.)
    assert "Ảnh tải trước đây" in babe_client.get(detail).content.decode()
    babe_client.post(url, {"cong_khai": "0"})
    photo.refresh_from_db()
    assert not photo.is_public
    assert anonymous_client.get(f"/dien-hinh/{exemplary.pk}/anh/{photo.pk}/").status_code == 404


def test_todays_names_of_a_pages_former_communes_come_in_one_query(django_assert_num_queries):
    """The cards name a former commune by today's communes: the same names as
    `current_successors_of`, for every former commune of the page in one query."""
    from territory.models import Unit

    former = [unit("01864"), unit("01870"), unit("01891"), unit("02071")]
    with django_assert_num_queries(1):
        names = Unit.objects.current_successor_names(former)
    assert names[former[0].pk] == ["Xã Bằng Thành"]  # Xã Bộc Bố (01864) until 30/6/2025
    for commune in former:
        expected = list(
            Unit.objects.current_successors_of(commune)
            .order_by("name")
            .values_list("name", flat=True)
        )
        assert names.get(commune.pk, []) == expected
