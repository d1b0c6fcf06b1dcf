"""The benchmark's "after a write" is a write a user makes: an edit or a registration through the
registry's workflow, which rewrites the model's summary rows (bench/writes.py)."""

import importlib.util
from pathlib import Path

import pytest

from models_registry.models import DvkModel, PlaceFact, Status
from tests.factories import make_model, unit

pytestmark = pytest.mark.django_db

BENCH = Path(__file__).resolve().parent.parent / "bench"


def bench_writes():
    spec = importlib.util.spec_from_file_location("bench_writes", BENCH / "writes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def commune_model(commune_officer):
    return make_model(
        unit("01864", current=True), year=2026, status=Status.REGISTERED, people_mobilised=120
    )


def test_a_bench_edit_is_a_workflow_save_that_rewrites_the_summary_rows(commune_model):
    writes = bench_writes()
    facts_before = set(PlaceFact.objects.filter(model=commune_model).values_list("pk", flat=True))
    history_before = commune_model.history.count()

    kind, _ = writes.Writes().next()

    commune_model.refresh_from_db()
    assert kind == "edit"
    assert commune_model.version == 2
    assert commune_model.history.count() == history_before + 1
    facts_after = set(PlaceFact.objects.filter(model=commune_model).values_list("pk", flat=True))
    assert facts_after and not facts_after & facts_before


def test_two_bench_edits_leave_the_figures_as_they_were(commune_model):
    writes = bench_writes()
    people = commune_model.people_mobilised
    plan = writes.Writes()
    plan.next()
    plan.next()
    commune_model.refresh_from_db()
    assert commune_model.people_mobilised == people
    assert commune_model.version == 3


def test_bench_registrations_are_registered_models_removed_at_the_end(commune_model):
    writes = bench_writes()
    plan = writes.Writes(registrations=True)
    kinds = [plan.next()[0] for _ in range(2)]

    assert kinds == ["edit", "registration"]
    made = DvkModel.objects.get(note=writes.WRITE_MARK)
    assert made.status == Status.REGISTERED
    assert made.unit_id == commune_model.unit_id
    assert PlaceFact.objects.filter(model=made).exists()
    assert writes.remove_registrations() == 1
    assert not DvkModel.objects.filter(note=writes.WRITE_MARK).exists()
    assert DvkModel.objects.count() == 1
