"""The demo data looks like real use: every demo model has a history written by the workflow
(who registered it, yearly results, later edits), and loading it again adds nothing."""

import io

import pytest
from django.core.management import call_command

from demo import accounts as accounts_demo
from demo import registry as demo
from models_registry.history import change_history
from models_registry.models import DvkModel
from reviews.models import EntryEvent

pytestmark = pytest.mark.django_db


def test_every_demo_model_has_a_history_from_the_workflow(monkeypatch):
    monkeypatch.setattr(demo, "GENERATED_COUNT", 24)
    out = io.StringIO()
    accounts_demo.load(out)
    demo.load(out)
    models = list(DvkModel.objects.all())
    assert len(models) > 24
    histories = {m.pk: change_history(m) for m in models}
    assert all(histories.values()), [m.title for m in models if not histories[m.pk]]
    generated = [m for m in models if m.note.startswith("[gen:")]
    assert len(generated) == 24
    # Registered by the officer of the model's district when there is one, not "Hệ thống".
    assert all(histories[m.pk][-1]["who"] != "Hệ thống" for m in generated)
    assert any(h[-1]["who"] == "Triệu Văn Bể" for h in histories.values())
    # The page's "Người nhập" is that officer too.
    assert all(m.created_by.display_name == histories[m.pk][-1]["who"] for m in generated)
    # And every review step names who took it: the proposal that officer.
    steps = EntryEvent.objects.filter(model__in=generated).select_related("model")
    assert steps.exists() and not steps.filter(actor__isnull=True).exists()
    assert all(e.actor_id == e.model.created_by_id for e in steps if e.action == "propose")
    # Real use: yearly results and later edits, not one creation row each.
    longer = [m for m in generated if len(histories[m.pk]) > 1]
    assert len(longer) >= len(generated) // 3
    assert any(row["what"].startswith("Kết quả năm") for m in generated for row in histories[m.pk])
    rows_before = DvkModel.history.count()
    demo.load(out)
    assert DvkModel.history.count() == rows_before


def test_make_run_loads_the_whole_demo_the_generated_models_included():
    # `make run` runs this command on a fresh database; it must not stop half way (a generated
    # model edited through the workflow must still have an owner unit of its year).
    out = io.StringIO()
    call_command("load_demo_data", stdout=out)
    assert DvkModel.objects.filter(note__startswith="[gen:").count() == demo.GENERATED_COUNT
    assert "Lịch sử của mô hình sinh tự động" in out.getvalue()
