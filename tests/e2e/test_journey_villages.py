"""Journey: the officer of today's Xã Bằng Thành finds the villages its former communes brought
and adds one."""

import pytest

from accounts.models import Role
from tests.conftest import make_user

from .conftest import check_page, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_commune_officer_adds_a_village_of_the_commune(page):
    make_user("bangthanh", Role.COMMUNE_STAFF, "01864", current=True)
    login(page, "bangthanh")
    page.get_by_role("link", name="Thôn, tổ dân phố").click()
    table = page.get_by_test_id("villages")
    assert "Thôn Nà Hin" in table.inner_text() and "Xã Giáo Hiệu" in table.inner_text()

    page.get_by_label("Tên thôn, bản, tổ dân phố").fill("Nà Pục")
    page.get_by_label("Loại").select_option(label="Bản")
    page.get_by_role("button", name="Thêm").click()
    page.get_by_text("Đã thêm Bản Nà Pục vào Xã Bằng Thành.").wait_for()
    assert "Bản Nà Pục" in page.get_by_test_id("villages").inner_text()

    page.get_by_label("Tên thôn, bản, tổ dân phố").fill("thon na hin")
    page.get_by_role("button", name="Thêm").click()
    page.get_by_text("Thôn Nà Hin đã có trong Xã Bằng Thành.").wait_for()
    check_page(page, "villages-commune-officer")
