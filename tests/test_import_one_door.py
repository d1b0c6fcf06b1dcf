"""One door for every state change (issue 13): the importer hands past results to
reviews.bulk and never writes a round, entry, event or decision itself."""

import ast
from datetime import date
from pathlib import Path

from models_registry.models import RecognitionLevel
from reviews.bulk import PastResult, past_state, record_past_results
from reviews.models import Decision, Entry, EntryEvent, EntryState, ReviewRound
from tests.conftest import unit
from tests.factories import make_model

IMPORTER = Path(__file__).resolve().parent.parent / "importer"
REVIEW_MODELS = {"ReviewRound", "Entry", "EntryEvent", "Decision", "Recipient", "IssuingBody"}


def test_the_importer_creates_no_review_rows_itself():
    for path in IMPORTER.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                target = node.func.value
                # Model.objects.create / bulk_create, or Model(...) instances
                if (
                    node.func.attr in {"create", "bulk_create"}
                    and isinstance(target, ast.Attribute)
                    and isinstance(target.value, ast.Name)
                    and target.value.id in REVIEW_MODELS
                ):
                    raise AssertionError(f"{path.name}:{node.lineno} writes {target.value.id}")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in REVIEW_MODELS, f"{path.name}:{node.lineno}"


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
    from models_registry.models import Model, Status
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
    statuses = dict(Model.objects.values_list("title", "status"))
    assert statuses == {"Mô hình đủ": Status.REGISTERED, "Mô hình thiếu lĩnh vực": Status.DRAFT}
