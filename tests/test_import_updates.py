"""Updates are shown and chosen (issue 13): old → new per changed field; by default a list only
fills empty fields; overwriting is a choice for the batch; case, spacing or Unicode form alone
is no change."""

import unicodedata

from importer.plan import SKIP, UPDATE
from models_registry.models import DvkModel
from tests.test_import import CHODON_ROWS, district_list, import_file, plan_of
from tests.test_import_views import upload

TITLE = "Vận động cán bộ, hội viên phát triển kinh tế xen canh Dưa-Lúa"


def corrected(**changes):
    rows = [list(r) for r in CHODON_ROWS]
    for index, value in changes.items():
        rows[1][int(index[1:])] = value
    return district_list(rows)


def test_by_default_only_empty_fields_are_filled_and_the_rest_is_shown_kept(db):
    import_file(district_list(CHODON_ROWS))
    model = DvkModel.objects.get(title=TITLE)
    DvkModel.objects.filter(pk=model.pk).update(note="")
    plan, _batch = import_file(corrected(c6="Thu nhập tăng 35%", c7="Đã nhân rộng"), "sua.xlsx")
    row = plan.rows[0]
    assert row.action == UPDATE
    assert [(d["label"], d["old"], d["new"], d["applied"]) for d in row.diffs] == [
        ("kết quả", "Thu nhập tăng 20%", "Thu nhập tăng 35%", False),
        ("ghi chú", "(trống)", "Đã nhân rộng", True),
    ]
    model.refresh_from_db()
    assert model.results == "Thu nhập tăng 20%"
    assert model.note == "Đã nhân rộng"


def test_overwriting_is_a_choice_for_the_batch(db):
    import_file(district_list(CHODON_ROWS))
    plan, _batch = import_file(corrected(c6="Thu nhập tăng 35%"), "sua.xlsx", overwrite=True)
    assert plan.rows[0].diffs[0]["applied"] is True
    assert DvkModel.objects.get(title=TITLE).results == "Thu nhập tăng 35%"


def test_capitals_spacing_or_unicode_form_alone_is_no_change(db):
    import_file(district_list(CHODON_ROWS))
    history = DvkModel.history.count()
    rows = [list(r) for r in CHODON_ROWS]
    rows[1][1] = TITLE.upper()
    rows[1][6] = "  Thu  nhập tăng 20% "
    rows[2][1] = unicodedata.normalize("NFD", rows[2][1])
    plan = plan_of(district_list(rows), overwrite=True)
    assert [r.action for r in plan.rows] == [SKIP, SKIP, SKIP]
    assert all(r.diffs == [] for r in plan.rows)
    assert DvkModel.history.count() == history
    assert DvkModel.objects.get(title=TITLE).title == TITLE


def test_the_preview_shows_old_and_new_for_each_changed_field(admin_client):
    import_file(district_list(CHODON_ROWS))
    url = upload(admin_client, corrected(c6="Thu nhập tăng 35%"), name="sua.xlsx")
    html = admin_client.get(url).content.decode()
    assert "kết quả: “Thu nhập tăng 20%” → “Thu nhập tăng 35%” — giữ giá trị đã có" in html
    response = admin_client.post(url, {"overwrite": "on"}, follow=True)
    html = response.content.decode()
    assert "kết quả: “Thu nhập tăng 20%” → “Thu nhập tăng 35%”</div>" in html
    assert 'name="overwrite"' in html and "checked" in html
