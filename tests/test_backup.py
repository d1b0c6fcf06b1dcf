"""Backup and restore (README, Production): a dump restored into a fresh database holds the same
records and the same change history."""

import shutil
import sqlite3
import subprocess
import uuid

import pytest
from django.db import connection

from models_registry.models import DvkModel
from tests.factories import make_model, unit

pytestmark = pytest.mark.django_db(transaction=True)

QUERY_MODELS = "SELECT title FROM models_registry_model ORDER BY id"
QUERY_HISTORY = (
    "SELECT title, history_type FROM models_registry_historicalmodel ORDER BY history_id"
)


def _records():
    model = make_model(unit("01894"), title="Vận động nhân dân xây dựng môi trường xanh, sạch, đẹp")
    model.title = "Vận động nhân dân giữ gìn môi trường xanh, sạch, đẹp ở Khuổi Tẩu"
    model.save()
    with connection.cursor() as cursor:
        cursor.execute(QUERY_MODELS)
        models = cursor.fetchall()
        cursor.execute(QUERY_HISTORY)
        history = cursor.fetchall()
    assert len(history) == 2 and DvkModel.objects.count() == 1
    return models, history


def _restore_postgres(tmp_path):
    for tool in ("pg_dump", "pg_restore", "createdb", "dropdb"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} not installed")
    import psycopg2

    db = connection.settings_dict
    common = [
        "-h",
        db["HOST"] or "127.0.0.1",
        "-p",
        str(db["PORT"] or 5432),
        "-U",
        db["USER"] or "postgres",
    ]
    dump = tmp_path / "danvan.dump"
    fresh = f"danvan_restore_{uuid.uuid4().hex[:8]}"
    subprocess.run(["pg_dump", "-Fc", *common, "-f", str(dump), db["NAME"]], check=True)
    subprocess.run(["createdb", *common, fresh], check=True)
    try:
        subprocess.run(["pg_restore", "--no-owner", *common, "-d", fresh, str(dump)], check=True)
        conn = psycopg2.connect(
            dbname=fresh,
            host=common[1],
            port=common[3],
            user=common[5],
            password=db["PASSWORD"] or None,
        )
        try:
            with conn.cursor() as cursor:
                cursor.execute(QUERY_MODELS)
                models = cursor.fetchall()
                cursor.execute(QUERY_HISTORY)
                history = cursor.fetchall()
        finally:
            conn.close()
    finally:
        subprocess.run(["dropdb", *common, fresh], check=True)
    return models, history


def _restore_sqlite(tmp_path):
    backup = tmp_path / "danvan-backup.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(backup)
    connection.connection.backup(target)
    target.close()
    restored = sqlite3.connect(backup)
    try:
        models = [tuple(r) for r in restored.execute(QUERY_MODELS)]
        history = [tuple(r) for r in restored.execute(QUERY_HISTORY)]
    finally:
        restored.close()
    return models, history


def test_a_restored_backup_has_the_same_records_and_history(reference_data, tmp_path):
    expected = _records()
    if connection.vendor == "postgresql":
        restored = _restore_postgres(tmp_path)
    else:
        restored = _restore_sqlite(tmp_path)
    assert [list(r) for r in restored[0]] == [list(r) for r in expected[0]]
    assert [list(r) for r in restored[1]] == [list(r) for r in expected[1]]
