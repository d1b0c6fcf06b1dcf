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

The cache is Django's default cache (`CACHES`: one per process in the default setup; see the
README's production notes).
"""

import hashlib

from django.apps import apps
from django.core.cache import cache
from django.db import connections

# Writes to the tables of these apps change what the cached figures count.
WATCHED_APPS = ("models_registry", "reviews", "territory", "stats")
TIMEOUT = 24 * 3600
VERSION_TABLE = "stats_dataversion"
TRIGGER = "danvan_data_version"

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION danvan_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO stats_dataversion (id, token, changed_at)
    VALUES (1, md5(random()::text || clock_timestamp()::text), now())
    ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token, changed_at = EXCLUDED.changed_at;
    RETURN NULL;
END $$
"""
SQLITE_BODY = """
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
                        f"BEGIN {SQLITE_BODY} END"
                    )


def current_version(using="default"):
    from .models import DataVersion

    token = DataVersion.objects.using(using).filter(pk=1).values_list("token", flat=True).first()
    return token or "none"


def cached(namespace, key, compute, using="default"):
    """`compute()` once per data version and key."""
    digest = hashlib.sha256(repr(key).encode()).hexdigest()
    full_key = f"danvan:{namespace}:{current_version(using)}:{digest}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, TIMEOUT)
    return value


def cached_count(queryset):
    """`queryset.count()`, cached per data version and SQL (the same filters and scope give
    the same SQL)."""
    sql, params = queryset.order_by().query.sql_with_params()
    return cached("count", (sql, params), queryset.count, using=queryset.db)
