"""The data version: a token that changes with every write to the registry, the reviews, the
territory and the coverage targets. It is not a cache key any more (no page, figure or count
is cached: they are computed from the data on every request); its one reader is the importer,
which stores the plan a preview made and reuses it at confirmation only while the version is
unchanged (`importer.uploads`).

The token lives in one row of `stats_dataversion` (`DataVersion`, row 1) and a database
trigger changes it, inside the writing transaction, with every INSERT, UPDATE, DELETE (and, on
PostgreSQL, TRUNCATE) on the watched tables, so it covers every write path: a form, a
workflow's queryset update, the importer's bulk inserts, COPY, the admin or psql. A write that
is rolled back leaves the old token. The triggers are (re)installed after every `migrate`
(`post_migrate`), so a table added later to those apps is watched too. On PostgreSQL they fire
once per statement, before it touches any row; on SQLite (which has only row triggers) once
per row. Writing transactions queue on the version row from their first write to their commit:
fine for a registry, where writes are short.
"""

from django.apps import apps
from django.db import connections

# Writes to the tables of these apps change the data version.
WATCHED_APPS = ("models_registry", "reviews", "territory", "stats")
DATA = 1
VERSION_TABLE = "stats_dataversion"
TRIGGER = "danvan_data_version"

# Row 1 is DATA; the function is named TRIGGER.
POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION danvan_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO stats_dataversion (id, token, changed_at)
    VALUES (1, md5(random()::text || clock_timestamp()::text), now())
    ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token, changed_at = EXCLUDED.changed_at;
    RETURN NULL;
END $$
"""
SQLITE_STATEMENT = """
    INSERT INTO stats_dataversion (id, token, changed_at)
    VALUES (1, lower(hex(randomblob(16))), strftime('%Y-%m-%d %H:%M:%f', 'now'))
    ON CONFLICT (id) DO UPDATE SET token = excluded.token, changed_at = excluded.changed_at;
"""


def watched_tables():
    tables = []
    for label in WATCHED_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            meta = model._meta
            if meta.db_table == VERSION_TABLE or meta.model_name.startswith("historical"):
                continue
            if meta.managed and not meta.proxy:
                tables.append(meta.db_table)
    return sorted(set(tables))


def install_triggers(using="default", **_kwargs):
    """Create (or replace) the triggers that change the data version."""
    connection = connections[using]
    quote = connection.ops.quote_name
    existing = set(connection.introspection.table_names())
    if VERSION_TABLE not in existing:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRES_FUNCTION)
        for table in watched_tables():
            if table not in existing:
                continue
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER {TRIGGER} "
                    f"BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON {quote(table)} "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()"
                )
            elif connection.vendor == "sqlite":
                for event in ("INSERT", "UPDATE", "DELETE"):
                    name = quote(f"{TRIGGER}_{table}_{event.lower()}")
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                    cursor.execute(
                        f"CREATE TRIGGER {name} AFTER {event} ON {quote(table)} "
                        f"BEGIN {SQLITE_STATEMENT} END"
                    )


def current_version(using="default"):
    from .models import DataVersion

    token = DataVersion.objects.using(using).filter(pk=DATA).values_list("token", flat=True)
    return token.first() or "none"
