"""Reproducible demo and benchmark data over the real territory tree.

`generate(count, seed)` adds `count` "Dân vận khéo" models with their implementers, places, NTM
criterion links, review rounds, entries with outcomes, review history and commendation
decisions, in the proportions the province reports (about a fifth recognised, a quarter of
those exemplary). The same seed over the same reference data gives the same records.

Speed: rows are built in chunks of `CHUNK` models and written with COPY on PostgreSQL (one
COPY per table per chunk, ids assigned here so foreign keys need no round trip) and with
executemany elsewhere (SQLite, for tests and the demo). A million models load in minutes.

Generated rows skip django-simple-history: bulk loading does not call save(), and a million
"created" history rows would only measure the history table. Records edited later through
the portal get their history as usual.

Idempotent: every generated model carries the marker "[gen:<seed>]" in its note. Asking for
`count` models when that many already exist for the seed adds nothing; asking for more adds the
difference (seeded from the number already there, so an extension is reproducible too).
"""

import io
import random
import time
from dataclasses import dataclass

from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

from models_registry.models import (
    Collective,
    CriterionCount,
    CriterionFact,
    DvkModel,
    Individual,
    PlaceCount,
    PlaceFact,
    RegistrationCount,
    RegistrationFact,
    ResultCount,
    ResultFact,
)
from reviews.models import Entry, EntryEvent, Recipient
from territory.models import Unit

from .chunk import Chunk
from .world import CHUNK, World, marker

__all__ = ["generate", "marker"]

# ---------------------------------------------------------------- entry point

TABLES_WRITTEN = [Collective, Individual, DvkModel, Entry, EntryEvent, Recipient]
THROUGH_TABLES = [DvkModel.places.through, DvkModel.criteria.through]
BULK_THRESHOLD = 100_000


@dataclass
class Result:
    created: int
    existing: int
    seconds: float


def generate(count, seed=2026, stdout=None, years=(2011, 2026)):
    """Make sure `count` generated models of `seed` exist; returns what was added."""
    started = time.monotonic()

    def say(message):
        if stdout is not None:
            stdout.write(message)
            if hasattr(stdout, "flush"):
                stdout.flush()

    existing = DvkModel.objects.filter(note__startswith=marker(seed)).count()
    if existing >= count:
        say(f"Đã có {existing} mô hình mẫu (seed {seed}); không sinh thêm.")
        return Result(0, existing, time.monotonic() - started)
    world = World(seed, count, years)
    postgres = connection.vendor == "postgresql"
    # A large load into a smaller table: drop the secondary indexes and foreign keys, load,
    # rebuild them, all in one transaction (a failure leaves the schema as it was), as
    # pg_restore does. Building an index or checking a foreign key once over the whole table is
    # several times faster than doing it row by row.
    rebuild = (
        postgres
        and count - existing >= BULK_THRESHOLD
        and count - existing >= DvkModel.objects.count()
    )
    with transaction.atomic(), connection.cursor() as cursor:
        indexes, foreign_keys = [], []
        if postgres:
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for m in TABLES_WRITTEN:
                cursor.execute(
                    f"LOCK TABLE {connection.ops.quote_name(m._meta.db_table)} IN EXCLUSIVE MODE"
                )
            if rebuild:
                foreign_keys = _drop_foreign_keys(cursor)
                indexes = _drop_secondary_indexes(cursor)
        done = existing
        while done < count:
            size = min(CHUNK, count - done)
            with transaction.atomic():
                chunk = Chunk(world, random.Random(f"{seed}:{done}"), cursor)
                for _ in range(size):
                    chunk.add_model()
                chunk.write(cursor)
            done += size
            say(f"  {done}/{count} mô hình ({time.monotonic() - started:.0f} giây)")
        if indexes or foreign_keys:
            say(
                f"  Dựng lại {len(indexes)} chỉ mục và {len(foreign_keys)} khóa ngoại "
                f"({time.monotonic() - started:.0f} giây)…"
            )
            for _name, definition in indexes:
                cursor.execute(definition)
            # Re-adding a foreign key checks every row in one join, instead of one trigger
            # call per inserted row.
            for table, name, definition in foreign_keys:
                cursor.execute(
                    f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}"
                )
        for sql in connection.ops.sequence_reset_sql(no_style(), TABLES_WRITTEN + THROUGH_TABLES):
            cursor.execute(sql)
        # The models went in without the write functions: their statistics rows from scratch.
        say(f"  Tính lại dòng tổng hợp thống kê ({time.monotonic() - started:.0f} giây)…")
        call_command("rebuild_statistics", stdout=io.StringIO())
    if postgres:
        # Fresh statistics for the planner; outside a transaction also VACUUM, which sets the
        # visibility map of the loaded pages: without it the counts and the statistics read
        # every heap page instead of answering from their covering indexes (index-only scans),
        # until autovacuum comes round (after a bulk load, as the PostgreSQL manual advises).
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for m in TABLES_WRITTEN + THROUGH_TABLES + STATISTICS_TABLES + [Unit]:
                cursor.execute(f"{command} {connection.ops.quote_name(m._meta.db_table)}")
    seconds = time.monotonic() - started
    say(f"Đã sinh {count - existing} mô hình mẫu (seed {seed}) trong {seconds:.1f} giây.")
    return Result(count - existing, existing, seconds)


# What `rebuild_statistics` writes: the statistics' rows and their counts.
STATISTICS_TABLES = [
    PlaceFact,
    CriterionFact,
    ResultFact,
    RegistrationFact,
    RegistrationCount,
    PlaceCount,
    CriterionCount,
    ResultCount,
]


def _drop_foreign_keys(cursor):
    """Drop the foreign keys of the loaded tables; return (table, name, definition)."""
    tables = [m._meta.db_table for m in TABLES_WRITTEN + THROUGH_TABLES]
    cursor.execute(
        """
        SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
        FROM pg_constraint c
        WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY(%s)
        ORDER BY 1, 2
        """,
        [[connection.ops.quote_name(t) for t in tables] + tables],
    )
    foreign_keys = cursor.fetchall()
    for table, name, _definition in foreign_keys:
        cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
    return foreign_keys


def _drop_secondary_indexes(cursor):
    """Drop the indexes of the loaded tables that back no constraint; return their DDL."""
    tables = [m._meta.db_table for m in TABLES_WRITTEN + THROUGH_TABLES]
    cursor.execute(
        """
        SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
        ORDER BY i.tablename, i.indexname
        """,
        [tables],
    )
    indexes = cursor.fetchall()
    for name, _definition in indexes:
        cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    return indexes
