"""A model's lineage of replications: the models it was copied from (towards its root) and the
models copied from it, `DEPTH` levels each way, in one query whatever their number.

The viewer sees the members of their territory (linked to their pages) and, outside it, the
recognised ones (named, not linked): the same models a replication may name as its source
(`workflow.replication_sources`). Another district's drafts and unrecognised models stay hidden.
"""

from django.db.models.expressions import RawSQL

from .models import DvkModel

DEPTH = 3

# Both directions from one model, through the parent column (indexed by its foreign key); the
# depth bound also stops a cycle an import might have written. Only the table name from the
# model's meta and a constant are interpolated; the model's id is a parameter.
_TABLE = DvkModel._meta.db_table
_RELATIVES = (
    "WITH RECURSIVE "  # noqa: S608
    f"up(id, parent_id, depth) AS (SELECT id, parent_id, 0 FROM {_TABLE} WHERE id = %s "
    f"UNION ALL SELECT m.id, m.parent_id, up.depth + 1 FROM {_TABLE} m "
    f"JOIN up ON m.id = up.parent_id WHERE up.depth < {DEPTH}), "
    f"down(id, depth) AS (SELECT id, 0 FROM {_TABLE} WHERE id = %s "
    f"UNION ALL SELECT m.id, down.depth + 1 FROM {_TABLE} m "
    f"JOIN down ON m.parent_id = down.id WHERE down.depth < {DEPTH}) "
    "SELECT id FROM up UNION SELECT id FROM down"
)


def lineage(model, user):
    """{"ancestors": [{model, depth, linked}] root first, "descendants": [...] each right after
    the model it copies, depth 1 for direct copies}."""
    members = {
        m.pk: m
        for m in DvkModel.objects.filter(pk__in=RawSQL(_RELATIVES, [model.pk, model.pk]))  # noqa: S611
        .exclude(pk=model.pk)
        .with_visibility(user)
        .select_related("collective", "individual", "commune", "unit")
        .order_by("year", "id")
    }
    ancestors, pk, depth = [], model.parent_id, 1
    while pk in members and depth <= DEPTH:
        ancestors.append(_row(members[pk], depth))
        pk, depth = members[pk].parent_id, depth + 1
    children = {}
    for member in members.values():
        children.setdefault(member.parent_id, []).append(member)
    return {
        "ancestors": [row for row in reversed(ancestors) if _shown(row)],
        "descendants": [row for row in _walk(children, model.pk, 1) if _shown(row)],
    }


def _walk(children, pk, depth):
    if depth > DEPTH:
        return
    for child in children.get(pk, []):
        yield _row(child, depth)
        yield from _walk(children, child.pk, depth + 1)


def _row(member, depth):
    return {"model": member, "depth": depth, "linked": member.visible}


def _shown(row):
    return row["linked"] or bool(row["model"].recognition_level)
