"""Each rule has one home, and every app asks it: the recognition rank, the search text, the
owner unit, "a reason is required", folding."""

import re
from pathlib import Path

import pytest

from danvan.text import fold
from models_registry.models import RECOGNITION_RANK, RecognitionLevel
from models_registry.owners import owner_unit
from models_registry.search import search_text
from reviews import workflow
from reviews.models import EntryState as S
from territory.models import Level

ROOT = Path(__file__).resolve().parent.parent
# A recognition level mapped to a number: a line of a rank table.
RANK_ENTRY = re.compile(r"RecognitionLevel\.\w+: \d")


def portal_sources():
    for path in ROOT.glob("*/**/*.py"):
        parts = path.relative_to(ROOT).parts
        if parts[0] not in {"tests", "bench", "fixtures", ".venv", "node_modules"} and (
            "migrations" not in parts
        ):
            yield path


def test_a_recognition_only_ranks_by_its_level_a_communes_as_a_districts_did():
    assert RECOGNITION_RANK == {
        RecognitionLevel.NONE: 0,
        RecognitionLevel.DISTRICT: 1,
        RecognitionLevel.COMMUNE: 1,
        RecognitionLevel.PROVINCE: 2,
        RecognitionLevel.CENTRAL: 3,
    }
    # The round levels and imported levels are plain strings: they find their rank too.
    assert RECOGNITION_RANK["tinh"] > RECOGNITION_RANK["xa"] > RECOGNITION_RANK[""]


def test_no_second_rank_table_or_fold_in_the_portal():
    for path in portal_sources():
        text = path.read_text(encoding="utf-8")
        relative = path.relative_to(ROOT).as_posix()
        if relative != "models_registry/models/model.py":
            assert not RANK_ENTRY.search(text), relative
        if relative != "danvan/text.py":
            assert 'normalize("NFD", text)' not in text, relative


@pytest.mark.parametrize(
    ("parent_level", "owner"),
    [(Level.DISTRICT, "district"), (Level.PROVINCE, "commune"), (None, "commune")],
)
def test_a_district_keeps_its_communes_models_a_2025_commune_its_own(parent_level, owner):
    parent = "district" if parent_level == Level.DISTRICT else "province"
    if parent_level is None:
        parent = None
    assert owner_unit("commune", parent, parent_level) == owner


@pytest.mark.parametrize(
    "parts",
    [
        ["Vận động hộ dân Nà Hin", "Chi bộ thôn Nà Hin", "Thôn Nà Hin, Xã Giáo Hiệu"],
        ["Mô hình", "", "Xã Bằng Thành, Tỉnh Thái Nguyên"],
        ["Mô hình", "\u0301", "Xã Bằng Thành"],  # a part that folds to nothing
        ["  Tổ   dân phố 11A ", "ĐOÀN THANH NIÊN"],
    ],
)
def test_the_search_text_is_the_folded_parts_joined(parts):
    expected = fold(" | ".join(p for p in parts if p))
    assert search_text(parts) == expected
    assert search_text(parts, [fold(p) for p in parts]) == expected


def test_the_reasons_the_decide_form_asks_for_are_those_the_workflow_requires():
    needing = {key for key in workflow.TRANSITIONS if workflow.reason_required(*key)}
    assert needing == {
        (S.PROPOSED, S.RETURNED),
        (S.PROPOSED, S.NOT_RECOGNISED),
        (S.RECOGNISED, S.PROPOSED),
        (S.EXEMPLARY, S.PROPOSED),
        (S.PROPOSED_HIGHER, S.PROPOSED),
        (S.NOT_RECOGNISED, S.PROPOSED),
    }
