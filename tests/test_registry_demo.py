"""The demo data looks like real use: every demo model has a history written by the workflow
(who registered it, yearly results, later edits), and loading it again adds nothing."""

import io

import pytest

from demo import accounts as accounts_demo
from demo import registry as demo
from models_registry.history import change_history
from models_registry.models import Model

pytestmark = pytest.mark.django_db


def test_every_demo_model_has_a_history_from_the_workflow(monkeypatch):
    monkeypatch.setattr(demo, "GENERATED_COUNT", 24)
    out = io.StringIO()
    accounts_demo.load(out)
    demo.load(out)
    models = list(Model.objects.all())
    assert len(models) > 24
    histories = {m.pk: change_history(m) for m in models}
    assert all(histories.values()), [m.title for m in models if not histories[m.pk]]
    generated = [m for m in models if m.note.startswith("[gen:")]
    assert len(generated) == 24
    # Registered by the officer of the model's district when there is one, not "Hệ thống".
    assert all(histories[m.pk][-1]["who"] != "Hệ thống" for m in generated)
    assert any(h[-1]["who"] == "Triệu Văn Bể" for h in histories.values())
    # Real use: yearly results and later edits, not one creation row each.
    longer = [m for m in generated if len(histories[m.pk]) > 1]
    assert len(longer) >= len(generated) // 3
    assert any(row["what"].startswith("Kết quả năm") for m in generated for row in histories[m.pk])
    rows_before = Model.history.count()
    demo.load(out)
    assert Model.history.count() == rows_before
