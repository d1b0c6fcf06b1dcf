"""The registry's model class was renamed from `DvkModel` to `DvkModel`
(models_registry/migrations/0017): its rows, links and history are kept, the tables keep their
names, and the migration goes back and forth."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from models_registry.models import DvkModel
from tests.factories import make_model, unit

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("models_registry", "0016_place_fact_territory_indexes")


def _columns(table):
    with connection.cursor() as cursor:
        return [c.name for c in connection.introspection.get_table_description(cursor, table)]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target] if target[1] else executor.loader.graph.leaf_nodes())


def test_the_rename_keeps_every_row_link_and_history_and_the_table_names():
    commune = unit("01894")
    model = make_model(commune, title="Vận động nhân dân làm đường bê tông thôn Khuổi Tẩu")
    model.title = "Vận động nhân dân làm đường bê tông thôn Khuổi Tẩu, xã Nam Cường"
    model.save()
    assert DvkModel._meta.db_table == "models_registry_model"
    assert DvkModel.history.model._meta.db_table == "models_registry_historicalmodel"

    _migrate(BEFORE)
    assert "model_id" in _columns("models_registry_model_places")
    with connection.cursor() as cursor:
        cursor.execute("SELECT title FROM models_registry_model WHERE id = %s", [model.pk])
        assert cursor.fetchone() == (model.title,)

    _migrate(("models_registry", None))  # forward again, to the latest migrations
    assert "dvkmodel_id" in _columns("models_registry_model_places")
    again = DvkModel.objects.get(pk=model.pk)
    assert again.title == model.title
    assert list(again.places.values_list("pk", flat=True)) == [commune.pk]
    assert again.history.count() == 2
    codenames = set(
        Permission.objects.filter(content_type__app_label="models_registry").values_list(
            "codename", flat=True
        )
    )
    assert {"change_dvkmodel", "view_historicaldvkmodel"} <= codenames
    assert not {"change_model", "view_historicalmodel"} & codenames
