"""Writing tens of thousands of rows (and their simple_history rows) quickly: the one COPY
writer, used by the bulk variants of the workflow functions (models_registry.bulk, reviews.bulk)
and by the importer for its own records.

On PostgreSQL the rows go in with COPY … FROM STDIN (text format), one statement per table. The
ids of new rows are reserved from the table's sequence first (`reserve_ids`), so nothing has to
come back from the server: the history rows reuse the encoded columns of their rows, and the
COPY statements can be sent from a second thread (`copy_writer`) while this one prepares the
next table's rows — the server's work (indexes, the search index above all) and Python's overlap.

Django's bulk_create spends most of its time building and preparing model instances (about 40
fields each, twice with the history row), and an INSERT … SELECT FROM unnest(ARRAY[…]) spends it
in the server parsing the array literals: both made a 20,000-row import take many seconds.
Other databases (SQLite in development and tests) use bulk_create and simple_history's
bulk_create_with_history, which write the same rows.
"""

import io
import json
import queue
import re
import threading
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from itertools import repeat

from django.db import connection
from simple_history.utils import bulk_create_with_history

PAGE_SIZE = 2000
# Rows per COPY statement.
COPY_ROWS = 5000
NULL = "\\N"
# COPY's text format: a backslash, tab, newline or carriage return inside a value is escaped.
_SPECIAL = re.compile(r"[\\\t\n\r]")
_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_INTEGER_TYPES = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
}


def _postgresql():
    return connection.vendor == "postgresql"


# ---------------------------------------------------------------- COPY's text format


def _escape(text):
    if _SPECIAL.search(text):
        return _SPECIAL.sub(lambda m: _ESCAPES[m.group()], text)
    return text


def encode(value, field=None):
    """One value in COPY's text format."""
    if value is None:
        return NULL
    if isinstance(value, str):
        return _escape(value)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int | Decimal | float):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict | list):
        if not value:  # an import record's empty before-image, 20,000 times
            return "{}" if isinstance(value, dict) else "[]"
        encoder = getattr(field, "encoder", None)
        return _escape(json.dumps(value, cls=encoder))
    raise TypeError(f"Cannot COPY {type(value).__name__} into {field}")


def encode_column(values, field):
    """A whole column in COPY's text format (the same strings as `encode`, one at a time),
    with one pass in C for the usual cases: text without tabs or line breaks, integers."""
    try:
        joined = "\x1f".join(values)  # TypeError unless every value is text
    except TypeError:
        pass
    else:
        return values if not _SPECIAL.search(joined) else [_escape(v) for v in values]
    target = field.target_field if field.is_relation else field
    integers = target.get_internal_type() in _INTEGER_TYPES
    if integers and all(type(v) is int or v is None for v in values):
        return [NULL if v is None else str(v) for v in values]
    return [encode(v, field) for v in values]


def _columns(model, now, *, with_pk=False):
    fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
    defaults = {}
    for f in fields:
        if f.primary_key:
            defaults[f.attname] = None
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        else:
            # What Django would write: the default, "" for text columns, else NULL.
            defaults[f.attname] = f.get_default()
    return fields, defaults


def _encoded_columns(fields, defaults, dicts, given=None):
    """attname -> the column's encoded values: a list, or one string when every row has the
    default. `given`: attname -> values already known for every row (reserved ids)."""
    given = given or {}
    present = set().union(*dicts)
    columns = {}
    for f in fields:
        name = f.attname
        if name in given:
            columns[name] = encode_column(given[name], f)
        elif name in present:
            default = defaults[name]
            columns[name] = encode_column([d.get(name, default) for d in dicts], f)
        else:
            columns[name] = encode(defaults[name], f)
    return columns


# ---------------------------------------------------------------- sending


def _send(raw_connection, sql, text):
    with raw_connection.cursor() as cursor:
        if hasattr(cursor, "copy_expert"):  # psycopg2
            cursor.copy_expert(sql, io.StringIO(text), size=1 << 20)
        else:  # psycopg 3
            with cursor.copy(sql) as copy:
                copy.write(text)


class _CopyThread:
    """Sends COPY statements, one after another, on this thread's database connection.
    psycopg2 lets other Python threads run while it waits for the server, so the caller keeps
    preparing rows meanwhile; it must not use the connection itself until `finish()`."""

    def __init__(self):
        connection.ensure_connection()
        self._raw = connection.connection
        self._jobs = queue.SimpleQueue()
        self._error = None
        self._thread = threading.Thread(target=self._run, name="bulk-copy", daemon=True)
        self._thread.start()

    def put(self, sql, text):
        self._jobs.put((sql, text))

    def _run(self):
        while (job := self._jobs.get()) is not None:
            if self._error is None:  # after a failure the transaction is lost: skip the rest
                try:
                    _send(self._raw, *job)
                except BaseException as exc:  # re-raised in the caller's thread
                    self._error = exc

    def finish(self):
        self._jobs.put(None)
        self._thread.join()
        return self._error


@contextmanager
def copy_writer():
    """A writer for `insert(…, writer=…)` and `insert_plain(…, writer=…)` (None except on
    PostgreSQL): every COPY has been sent, or its error raised, when the block ends."""
    if not _postgresql():
        yield None
        return
    worker = _CopyThread()
    try:
        yield worker
    finally:
        # Also when the block failed: the connection is free again before any rollback.
        error = worker.finish()
    if error is not None:
        with connection.wrap_database_errors:
            raise error


def _copy(model, names, columns, count, writer=None):
    """COPY `count` rows of `model`: `names` are attnames, `columns` their encoded values."""
    meta = model._meta
    quote = connection.ops.quote_name
    by_attname = {f.attname: f.column for f in meta.concrete_fields}
    cols = ", ".join(quote(by_attname[name]) for name in names)
    # Identifiers come from the model definitions; the values travel as COPY data.
    sql = f"COPY {quote(meta.db_table)} ({cols}) FROM STDIN"
    values = [
        columns[name] if isinstance(columns[name], list) else repeat(columns[name], count)
        for name in names
    ]
    text = "\n".join(map("\t".join, zip(*values, strict=True))) + "\n"
    if writer is not None:
        writer.put(sql, text)
        return
    connection.ensure_connection()
    with connection.wrap_database_errors:
        _send(connection.connection, sql, text)


def copy_rows(model, fields, rows):
    """COPY `rows` (tuples of Python values in the order of `fields`) into `model`'s table, with
    the encoding and sending the import uses: the demo generator's way in."""
    columns = {f.attname: encode_column([row[i] for row in rows], f) for i, f in enumerate(fields)}
    _copy(model, [f.attname for f in fields], columns, len(rows))


# ---------------------------------------------------------------- inserting


def reserve_ids(model, count):
    """`count` new ids from the table's sequence, ascending (PostgreSQL; None elsewhere, where
    `insert` gets them from bulk_create). Not while a `copy_writer` is sending."""
    if not _postgresql():
        return None
    if not count:
        return []
    meta = model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connection.ops.quote_name(meta.db_table), meta.pk.column, count],
        )
        return sorted(r[0] for r in cursor.fetchall())


def insert(model, dicts, *, now, history=None, ids=None, writer=None):
    """Insert `dicts` (attname -> value) as `model` rows; returns their ids in order.

    `history`: {"user": user or None, "reason": "…"} also writes one "+" history row each.
    `ids`: from `reserve_ids` (needed with a `writer`).
    """
    if not dicts:
        return []
    if not _postgresql():
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
    if ids is None:
        if writer is not None:
            raise ValueError("Reserve the ids before the writer starts.")
        ids = reserve_ids(model, len(dicts))
    if len(ids) != len(dicts):
        raise ValueError(f"{len(ids)} ids reserved for {len(dicts)} rows.")
    fields, defaults = _columns(model, now, with_pk=True)
    h_fields = h_defaults = extra = None
    if history is not None:
        history_model = model.history.model
        h_fields, h_defaults = _columns(history_model, now)
        user = history["user"]
        extra = {
            "history_date": now,
            "history_change_reason": history["reason"],
            "history_type": "+",
            "history_user_id": user.pk if user else None,
        }
    pk_name = model._meta.pk.attname
    # In parts, so that the server starts on the first rows while the next are prepared.
    for start in range(0, len(dicts), COPY_ROWS):
        part = dicts[start : start + COPY_ROWS]
        count = len(part)
        columns = _encoded_columns(
            fields, defaults, part, given={pk_name: ids[start : start + COPY_ROWS]}
        )
        _copy(model, [f.attname for f in fields], columns, count, writer)
        if history is None:
            continue
        # The history row repeats its row's columns (as written) and says who, when and why.
        h_columns = {}
        for f in h_fields:
            name = f.attname
            if name in extra:
                h_columns[name] = encode(extra[name], f)
            elif name in columns:
                h_columns[name] = columns[name]
            else:
                h_columns[name] = encode(h_defaults[name], f)
        _copy(history_model, [f.attname for f in h_fields], h_columns, count, writer)
    return ids


def insert_plain(model, dicts, *, now=None, writer=None):
    """Rows whose ids nobody needs back (many-to-many links, import records), no history."""
    if not dicts:
        return
    if not _postgresql():
        model.objects.bulk_create([model(**d) for d in dicts], batch_size=PAGE_SIZE)
        return
    fields, defaults = _columns(model, now)
    columns = _encoded_columns(fields, defaults, dicts)
    _copy(model, [f.attname for f in fields], columns, len(dicts), writer)
