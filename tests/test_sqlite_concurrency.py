"""SQLite (the `make run` default) under concurrent writers: WAL, a busy timeout and IMMEDIATE
transactions, so two people saving at once both succeed and nobody sees "database is locked".

The check runs the real settings (`danvan.settings`, not the test settings) in a subprocess
against a file database: the test database is in memory, where none of this applies."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

WRITERS = textwrap.dedent(
    """
    import json, os, threading, time
    import django

    django.setup()
    from django.db import OperationalError, connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
        cursor.execute("INSERT INTO counter VALUES (1, 0)")
        cursor.execute("PRAGMA journal_mode")
        journal = cursor.fetchone()[0]
    connection.close()

    THREADS, ROUNDS = 4, 20
    errors = []
    start = threading.Barrier(THREADS)

    def write():
        # Read, think, write: the pattern of every workflow function (lock, check, save).
        start.wait()
        try:
            for _ in range(ROUNDS):
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute("SELECT n FROM counter WHERE id = 1")
                    n = cursor.fetchone()[0]
                    time.sleep(0.002)
                    cursor.execute("UPDATE counter SET n = %s WHERE id = 1", [n + 1])
        except OperationalError as error:
            errors.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=write) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with connection.cursor() as cursor:
        cursor.execute("SELECT n FROM counter WHERE id = 1")
        total = cursor.fetchone()[0]
    print(json.dumps({"journal": journal, "errors": errors, "total": total,
                      "expected": THREADS * ROUNDS}))
    """
)


@pytest.mark.django_db  # only so the session fixtures find a test database
def test_concurrent_writers_on_a_file_database_all_succeed(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "danvan.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        "DEBUG": "1",
    }
    done = subprocess.run(
        [sys.executable, "-c", WRITERS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["errors"] == []
    assert result["journal"] == "wal"
    # IMMEDIATE transactions serialise read-then-write: no update is lost either.
    assert result["total"] == result["expected"]
