"""Rows for one table, written with COPY on PostgreSQL (the importer's COPY writer,
`danvan.bulkcopy.copy_rows`) and executemany elsewhere."""

from django.db import connection

from danvan.bulkcopy import copy_rows

# ---------------------------------------------------------------- writing rows


class Table:
    """Rows for one table, in the table's column order; `defaults` fill columns left unset."""

    def __init__(self, model, columns=None, explicit_id=True):
        self.model = model
        self.db_table = model._meta.db_table
        if columns is None:
            fields = [f for f in model._meta.concrete_fields if explicit_id or not f.primary_key]
        else:
            fields = [model._meta.get_field(name) for name in columns]
        self.fields = fields
        self.attnames = [f.attname for f in fields]
        self.defaults = {f.attname: f.get_default() for f in fields}
        self.rows = []

    def add(self, **values):
        defaults = self.defaults
        self.rows.append(tuple(values[a] if a in values else defaults[a] for a in self.attnames))

    def add_tuple(self, row):
        self.rows.append(row)

    def flush(self, cursor):
        if not self.rows:
            return
        if connection.vendor == "postgresql":
            copy_rows(self.model, self.fields, self.rows)
        else:
            columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
            table = connection.ops.quote_name(self.db_table)
            prep = [f.get_db_prep_save for f in self.fields]
            placeholders = ", ".join(["%s"] * len(self.fields))
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",  # noqa: S608 — model tables
                [[p(v, connection) for p, v in zip(prep, row, strict=True)] for row in self.rows],
            )
        self.rows = []


def _next_id(cursor, model):
    table = connection.ops.quote_name(model._meta.db_table)
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608 — a model's table
    return cursor.fetchone()[0] + 1
