"""Figures that are expensive at national size, computed once per version of the data.

The registry list's total ("Tìm thấy N mô hình") and the statistics page aggregate up to a
million rows, and the same figures are asked for again and again while nothing changes. They
are cached under the current *data version*: a token in one database row (`DataVersion`) that
a database trigger changes, inside the writing transaction, with every INSERT, UPDATE,
DELETE (and, on PostgreSQL, TRUNCATE) on the tables of the registry, the reviews, the
territory and the coverage targets. Every request reads the token (one single-row query)
before it trusts the cache, so a cached figure is never older than the data it was computed
from, whoever wrote the data: a form, a workflow's queryset update, the importer's bulk
inserts, COPY, the admin or psql. A write that is rolled back leaves the old token.

The triggers are (re)installed after every `migrate` (`post_migrate`), so a table added later
to those apps is watched too. On PostgreSQL they fire once per statement, *before* it touches
any row; on SQLite (which has only row triggers) once per row. Writing transactions queue on
the version row from their first write to their commit: fine for a registry, where writes are
short. Because the version row is locked before the first row a transaction writes, two
writers cannot each hold rows the other needs while waiting for it (workflows that lock rows
first with SELECT … FOR UPDATE take those locks before they write).

A second row, the *territory version*, changes only with writes to the territory tables (units
and their successions). What depends on the territory alone (each unit's scope ids, the unit
tree of the statistics) is cached under it, so a registration or a review decision does not
make every page recompute the scope of every account.

The cache is Django's default cache (`CACHES`: one per process in the default setup; see the
README's production notes).
"""

import hashlib

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connections

# Writes to the tables of these apps change what the cached figures count.
# (`assistance`: its yearly report is a section of the statistics page, see stats.sections.)
WATCHED_APPS = ("models_registry", "reviews", "territory", "stats", "assistance")
# Writes to these apps' tables also change the territory version.
TERRITORY_APPS = ("territory",)
# Rows of `stats_dataversion`.
DATA, TERRITORY = 1, 2
TIMEOUT = 24 * 3600
VERSION_TABLE = "stats_dataversion"
TRIGGER = "danvan_data_version"

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION danvan_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- The trigger's arguments are the version rows to change, always in ascending order
    -- (writers lock them in the same order).
    INSERT INTO stats_dataversion (id, token, changed_at)
    SELECT row_id::bigint, md5(random()::text || clock_timestamp()::text || row_id), now()
    FROM unnest(TG_ARGV) AS row_id
    ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token, changed_at = EXCLUDED.changed_at;
    RETURN NULL;
END $$
"""
SQLITE_STATEMENT = """
    INSERT INTO stats_dataversion (id, token, changed_at)
    VALUES ({row}, lower(hex(randomblob(16))), strftime('%Y-%m-%d %H:%M:%f', 'now'))
    ON CONFLICT (id) DO UPDATE SET token = excluded.token, changed_at = excluded.changed_at;
"""


def watched_tables(app_labels=WATCHED_APPS):
    tables = []
    for label in app_labels:
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
    territory_tables = set(watched_tables(TERRITORY_APPS))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRES_FUNCTION)
        for table in watched_tables():
            if table not in existing:
                continue
            rows = (DATA, TERRITORY) if table in territory_tables else (DATA,)
            if connection.vendor == "postgresql":
                arguments = ", ".join(f"'{row}'" for row in rows)
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER {TRIGGER} "
                    f"BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON {quote(table)} "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}({arguments})"
                )
            elif connection.vendor == "sqlite":
                body = "".join(SQLITE_STATEMENT.format(row=row) for row in rows)
                for event in ("INSERT", "UPDATE", "DELETE"):
                    name = quote(f"{TRIGGER}_{table}_{event.lower()}")
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                    cursor.execute(
                        f"CREATE TRIGGER {name} AFTER {event} ON {quote(table)} BEGIN {body} END"
                    )


def current_version(using="default", row=DATA):
    from .models import DataVersion

    token = DataVersion.objects.using(using).filter(pk=row).values_list("token", flat=True).first()
    return token or "none"


def cached(namespace, key, compute, using="default", row=DATA):
    """`compute()` once per version and key: the data version, or (row=TERRITORY) the
    territory version for what depends on the territory tables alone."""
    digest = hashlib.sha256(repr(key).encode()).hexdigest()
    full_key = f"danvan:{namespace}:{row}:{current_version(using, row)}:{digest}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, TIMEOUT)
    return value


def cached_count(queryset):
    """`queryset.count()`, cached per data version and SQL (the same filters and scope give
    the same SQL)."""
    try:
        sql, params = queryset.order_by().query.sql_with_params()
    except EmptyResultSet:  # `.none()`, or `pk__in=[]`: no SQL to key on, and nothing to count
        return 0
    return cached("count", (sql, params), queryset.count, using=queryset.db)
