"""Evidence chosen on the "Thêm mô hình" form goes up with the new model, with progress, and
the button pressed (save a draft or register) is the one the server hears."""

import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from accounts.models import Role
from models_registry.models import DvkModel, Status
from tests.conftest import make_user
from tests.factories import make_collective, unit

from .conftest import check_page, login

# The district officer at work: before 1/7/2025 (tests/conftest.py `district_era`).
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("district_era"),
]


def test_a_new_model_is_saved_as_a_draft_with_two_evidence_files(page, tmp_path):
    make_user("babe", Role.DISTRICT_STAFF, "061")
    collective = make_collective(unit("01894"), name="Chi bộ thôn Pác Châm")
    photo = tmp_path / "ra-quan.jpg"
    Image.new("RGB", (1600, 1200), (40, 140, 60)).save(photo, format="JPEG")
    report = tmp_path / "bao-cao.pdf"
    report.write_bytes(b"%PDF-1.4\n%bao cao ket qua\n" + b"0" * 200_000)

    login(page, "babe")
    page.goto("/mo-hinh/them/")
    page.get_by_label("Tên mô hình").fill("Vận động nhân dân làm đường bê tông thôn Pác Châm")
    page.get_by_label("Năm đăng ký").fill("2023")
    page.get_by_label("Năm đăng ký").press("Tab")
    page.get_by_label("Xã Bành Trạch", exact=True).check()
    page.get_by_label("Tập thể thực hiện").select_option(value=str(collective.pk))
    page.get_by_label("Cách làm").fill("Họp dân, phân công đảng viên phụ trách từng hộ.")
    page.get_by_label("Tệp minh chứng").set_input_files([photo, report])
    check_page(page, "evidence-at-create-form")
    page.get_by_role("button", name="Lưu nháp").click()
    page.wait_for_url(re.compile(r".*/mo-hinh/\d+/$"))
    expect(page.get_by_text("Đã lưu kèm 2 tệp minh chứng.")).to_be_visible()
    model = DvkModel.objects.get()
    assert model.status == Status.DRAFT, "the pressed button (Lưu nháp) was sent"
    assert sorted(model.attachments.values_list("original_name", flat=True)) == [
        "bao-cao.pdf",
        "ra-quan.jpg",
    ]
    check_page(page, "evidence-at-create-saved")
