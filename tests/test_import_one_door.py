"""One door for every state change (issue 13): the importer hands its rows to the bulk
variants of the registry's and the reviews' workflows (models_registry.bulk, reviews.bulk) and
never writes a model, implementer, place link, round, entry, event or decision itself."""

import ast
from datetime import date
from pathlib import Path

from django.apps import apps

from importer.rowplan import COMPARED
from models_registry import bulk as registry
from models_registry.models import DvkModel, RecognitionLevel, Status
from reviews.bulk import PastResult, past_state, record_past_results, remove_past_results
from reviews.models import Decision, Entry, EntryEvent, EntryState, IssuingBody, ReviewRound
from tests.conftest import unit
from tests.factories import make_model

IMPORTER = Path(__file__).resolve().parent.parent / "importer"
# Every table of the registry and the reviews: written only by their own apps.
GUARDED = {
    model.__name__
    for label in ("models_registry", "reviews")
    for model in apps.get_app_config(label).get_models(include_auto_created=True)
}
WRITES = {"create", "bulk_create", "bulk_update", "update", "delete", "get_or_create"}
WRITES |= {"update_or_create", "save"}
# Writers that bypass the workflows: the COPY inserts and simple_history's bulk helpers.
RAW_WRITERS = {"insert", "reserve_ids", "bulk_create_with_history", "bulk_update_with_history"}


def _chain(node):
    """`DvkModel.objects.filter(...).delete` -> ("DvkModel", ["objects", "filter", "delete"])."""
    attrs = []
    while True:
        if isinstance(node, ast.Attribute):
            attrs.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        else:
            break
    return (node.id if isinstance(node, ast.Name) else None), attrs[::-1]


def direct_writes(source, name="x.py"):
    """Where `source` writes a registry or review table itself: ["x.py:12 Entry.objects…"]."""
    found = []
    for node in ast.walk(ast.parse(source)):
        where = f"{name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name in RAW_WRITERS:
                    found.append(f"{where} imports {alias.name}")
        if not isinstance(node, ast.Call):
            continue
        root, attrs = _chain(node.func)
        if root in GUARDED and not attrs:
            found.append(f"{where} makes a {root}")
        elif root in GUARDED and attrs[-1] in WRITES and {"objects", "through"} & set(attrs):
            found.append(f"{where} {root}.{'.'.join(attrs)}")
        elif root == "insert_plain" and node.args:
            target, _attrs = _chain(node.args[0])
            if target in GUARDED:
                found.append(f"{where} copies into {target}")
    return found


def test_the_check_finds_every_kind_of_direct_write():
    source = (
        "from danvan.bulkcopy import insert\n"
        "Entry.objects.create(state='x')\n"
        "DvkModel.objects.filter(id__in=ids).update(status='dang_ky')\n"
        "DvkModel.places.through.objects.bulk_create(links)\n"
        "EntryEvent(entry=e)\n"
        "insert_plain(Recipient, rows)\n"
        "Decision.objects.filter(pk=1).delete()\n"
    )
    assert [w.split(" ", 1)[0] for w in direct_writes(source)] == [
        "x.py:1",
        "x.py:2",
        "x.py:3",
        "x.py:4",
        "x.py:5",
        "x.py:6",
        "x.py:7",
    ]
    # Reading is fine, and so are the importer's own tables.
    assert not direct_writes("DvkModel.objects.filter(id__in=ids).values_list('id')")
    assert not direct_writes("insert_plain(ImportRecord, rows)\nImportBatch.objects.create()")


def test_the_importer_writes_no_registry_or_review_table_itself():
    found = []
    for path in sorted(IMPORTER.rglob("*.py")):
        found += direct_writes(path.read_text(), str(path.relative_to(IMPORTER.parent)))
    assert found == []


def test_the_importer_compares_exactly_the_fields_a_list_may_change():
    assert list(COMPARED) == registry.LISTED_FIELDS


def test_past_results_are_recorded_as_closed_rounds_with_history(db, administrator):
    model = make_model(unit("02071"), title="Mô hình A", year=2020)
    made = record_past_results(
        [
            PastResult(
                model_id=model.pk,
                title=model.title,
                collective_id=model.collective_id,
                year=2020,
                level=RecognitionLevel.DISTRICT,
                exemplary=True,
                organiser_id=unit("064").pk,
                organiser_name="Huyện Chợ Đồn",
                decision={
                    "issuer_id": None,
                    "issuer": "UBND huyện Chợ Đồn",
                    "form": "giay_khen",
                    "number": "12/QĐ-UBND",
                    "date": date(2020, 12, 20),
                    "year": 2020,
                },
            )
        ],
        user=administrator,
        reason="Nhập từ tệp a.xlsx",
    )
    round_ = ReviewRound.objects.get(pk__in=made["round"])
    assert round_.is_closed and round_.name == "Bình xét năm 2020 — Huyện Chợ Đồn (nhập từ tệp)"
    entry = Entry.objects.get(pk__in=made["entry"])
    assert entry.state == EntryState.EXEMPLARY and entry.is_published
    event = EntryEvent.objects.get(pk__in=made["event"])
    assert (event.action, event.to_state, event.reason) == (
        "nhap_tu_tep",
        EntryState.EXEMPLARY,
        "Nhập từ tệp a.xlsx",
    )
    decision = Decision.objects.get(pk__in=made["decision"])
    assert decision.issuer.name == "UBND huyện Chợ Đồn" and decision.number == "12/QĐ-UBND"


def test_the_state_of_a_past_recognition():
    assert past_state(RecognitionLevel.PROVINCE, False) == EntryState.RECOGNISED
    assert past_state(RecognitionLevel.CENTRAL, False) == EntryState.PROPOSED_HIGHER
    assert past_state(RecognitionLevel.DISTRICT, True) == EntryState.EXEMPLARY


def test_a_listed_model_without_a_field_is_kept_as_a_draft_by_the_registry_rule(db):
    from models_registry.models import DvkModel, Status
    from tests.test_import import import_file, xlsx_bytes

    rows = [
        ["Tên mô hình", "Tập thể thực hiện", "Địa bàn", "Lĩnh vực"],
        ["Mô hình đủ", "Chi bộ 1", "Xã Nghĩa Tá", "Kinh tế"],
        ["Mô hình thiếu lĩnh vực", "Chi bộ 2", "Xã Nghĩa Tá", ""],
    ]
    plan, _batch = import_file(xlsx_bytes(rows), default_year=2023, default_district=unit("064"))
    assert plan.rows[1].warnings == [
        "thiếu lĩnh vực: mô hình mới được lưu là bản nháp, bổ sung rồi đăng ký trong biểu mẫu"
    ]
    statuses = dict(DvkModel.objects.values_list("title", "status"))
    assert statuses == {"Mô hình đủ": Status.REGISTERED, "Mô hình thiếu lĩnh vực": Status.DRAFT}


def test_a_listed_change_makes_a_new_version_with_its_history_and_restore_puts_it_back(
    db, administrator
):
    model = make_model(unit("02071"), title="Mô hình A", year=2020, results="cũ")
    model.places.set([unit("02071")])
    snapshot = DvkModel.objects.filter(pk=model.pk).values(*registry.RESTORED_FIELDS).get()
    image = registry.before_image({**snapshot, "place_ids": [unit("02071").pk]})
    saved = registry.update_models(
        [
            registry.ListedChange(
                model_id=model.pk,
                values={"results": "120 hộ tham gia"},
                title_key="mo hinh a",
                search_text="mo hinh a",
                place_ids=[unit("02065").pk],
                unit_id=unit("064").pk,
                commune_id=unit("02065").pk,
            )
        ],
        user=administrator,
        reason="Nhập từ tệp b.xlsx",
        now=model.updated_at,
    )
    model.refresh_from_db()
    assert saved[model.pk].version == model.version == 2
    assert model.results == "120 hộ tham gia" and list(model.places.all()) == [unit("02065")]
    latest = model.history.first()
    assert (latest.history_change_reason, latest.history_user) == (
        "Nhập từ tệp b.xlsx",
        administrator,
    )

    registry.restore_models({model.pk: image}, user=administrator, reason="Hoàn tác")
    model.refresh_from_db()
    assert (model.results, model.version) == ("cũ", 1)
    assert list(model.places.all()) == [unit("02071")]
    assert model.history.first().history_change_reason == "Hoàn tác"


def test_a_corrected_list_may_not_change_a_models_status(db, administrator):
    model = make_model(unit("02071"), title="Mô hình A", year=2020)
    change = registry.ListedChange(
        model_id=model.pk, values={"status": Status.DRAFT}, title_key="", search_text=""
    )
    try:
        registry.update_models([change], user=administrator, reason="x", now=model.updated_at)
    except ValueError as exc:
        assert "status" in str(exc)
    else:
        raise AssertionError("status written from a list")


def test_past_results_are_taken_back_with_the_bodies_they_added(db, administrator):
    model = make_model(unit("02071"), title="Mô hình A", year=2020)
    made = record_past_results(
        [
            PastResult(
                model_id=model.pk,
                title=model.title,
                collective_id=model.collective_id,
                year=2020,
                level=RecognitionLevel.DISTRICT,
                organiser_id=unit("064").pk,
                organiser_name="Huyện Chợ Đồn",
                decision={
                    "issuer_id": None,
                    "issuer": "UBND huyện Chợ Đồn mới",
                    "form": "giay_khen",
                    "number": "13/QĐ-UBND",
                    "date": date(2020, 12, 20),
                    "year": 2020,
                },
            )
        ],
        user=administrator,
        reason="Nhập từ tệp a.xlsx",
    )
    remove_past_results(made)
    assert not ReviewRound.objects.filter(pk__in=made["round"]).exists()
    assert not Entry.objects.filter(model=model).exists()
    assert not EntryEvent.objects.filter(model=model).exists()
    assert not Decision.objects.filter(pk__in=made["decision"]).exists()
    assert not IssuingBody.objects.filter(pk__in=made["issuer"]).exists()
