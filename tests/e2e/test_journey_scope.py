"""Journey 5: the Chợ Đồn officer tries the Ba Bể model's URL, its photo's URL and its edit URL."""

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from accounts.models import Role
from models_registry.models import Attachment, AttachmentKind
from tests.conftest import make_user
from tests.factories import make_model, unit

from .conftest import check_page, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _photo_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, format="JPEG")
    return buffer.getvalue()


def test_cho_don_officer_finds_nothing_at_ba_be_urls(page):
    make_user("chodon", Role.DISTRICT_STAFF, "064")
    model = make_model(unit("01894"), title="Vận động nhân dân xây dựng môi trường xanh, sạch, đẹp")
    photo = Attachment(
        model=model,
        kind=AttachmentKind.PHOTO,
        original_name="khuoi-tau.jpg",
        content_type="image/jpeg",
        size=len(_photo_bytes()),
    )
    photo.file.save("khuoi-tau.jpg", ContentFile(_photo_bytes()), save=True)

    login(page, "chodon")
    for name, url in [
        ("model", f"/mo-hinh/{model.pk}/"),
        ("photo", f"/mo-hinh/{model.pk}/tep/{photo.pk}/"),
        ("edit", f"/mo-hinh/{model.pk}/sua/"),
    ]:
        response = page.goto(url)
        assert response.status == 404, url
        assert "không tìm thấy" in page.content().lower(), url
        assert "Vận động nhân dân xây dựng môi trường" not in page.content()
        check_page(page, f"j5-chodon-{name}-404")
