"""Inserting tens of thousands of rows (and their simple_history rows) quickly.

On PostgreSQL the rows go in as column arrays, one statement per 2,000 rows (ids come back with
RETURNING): Django's bulk_create spends most of its time building and preparing model instances
(about 40 fields each, twice with the history row), which made a 20,000-row import take tens of
seconds. Other databases (SQLite in development and tests) use bulk_create and simple_history's
bulk_create_with_history, which write the same rows.
"""

from operator import itemgetter

from django.db import connection
from simple_history.utils import bulk_create_with_history

PAGE_SIZE = 2000


def _columns(model, now):
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        else:
            # What Django would write: the default, "" for text columns, else NULL.
            defaults[f.attname] = f.get_default()
    return fields, defaults


def _execute(model, rows, returning):
    """One INSERT … SELECT FROM unnest(column arrays) per page: psycopg2 adapts whole columns
    in C instead of one row at a time (Django 5 writes bulk_create the same way)."""
    from django.db.models import JSONField
    from psycopg2.extras import Json

    fields, defaults, dicts = rows
    table = connection.ops.quote_name(model._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    casts = ", ".join(f"%s::{f.db_type(connection)}[]" for f in fields)
    # Identifiers come from the model definitions; every value is a query parameter.
    sql = f"INSERT INTO {table} ({cols}) SELECT * FROM unnest({casts})"  # noqa: S608
    if returning:
        sql += f" RETURNING {connection.ops.quote_name(model._meta.pk.column)}"
    take = itemgetter(*[f.attname for f in fields])
    json_columns = [i for i, f in enumerate(fields) if isinstance(f, JSONField)]
    ids = []
    with connection.cursor() as cursor:
        for start in range(0, len(dicts), PAGE_SIZE):
            tuples = [take({**defaults, **d}) for d in dicts[start : start + PAGE_SIZE]]
            columns = [list(column) for column in zip(*tuples, strict=True)]
            for i in json_columns:
                columns[i] = [Json(v) for v in columns[i]]
            cursor.execute(sql, columns)
            if returning:
                ids.extend(r[0] for r in cursor.fetchall())
    return ids


def insert(model, dicts, *, now, history=None):
    """Insert `dicts` (attname -> value) as `model` rows; returns their ids in order.

    `history`: {"user": user or None, "reason": "…"} also writes one "+" history row each.
    """
    if not dicts:
        return []
    if connection.vendor != "postgresql":
        objs = [model(**d) for d in dicts]
        if history is not None:
            bulk_create_with_history(
                objs,
                model,
                batch_size=PAGE_SIZE,
                default_user=history["user"],
                default_change_reason=history["reason"],
                default_date=now,
            )
        else:
            model.objects.bulk_create(objs, batch_size=PAGE_SIZE)
        return [o.pk for o in objs]
    fields, defaults = _columns(model, now)
    ids = _execute(model, (fields, defaults, dicts), returning=True)
    if history is not None:
        history_model = model.history.model
        pk_name = model._meta.pk.attname
        user_id = history["user"].pk if history["user"] else None
        h_fields, h_defaults = _columns(history_model, now)
        h_rows = []
        for pk, d in zip(ids, dicts, strict=True):
            row = {**defaults, **d, pk_name: pk}
            row.update(
                history_date=now,
                history_change_reason=history["reason"],
                history_type="+",
                history_user_id=user_id,
            )
            h_rows.append(row)
        _execute(history_model, (h_fields, h_defaults, h_rows), returning=False)
    return ids


def insert_plain(model, dicts, *, now=None):
    """Rows without ids or history (many-to-many links)."""
    if not dicts:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**d) for d in dicts], batch_size=PAGE_SIZE)
        return
    fields, defaults = _columns(model, now)
    _execute(model, (fields, defaults, dicts), returning=False)
