"""The statistics' counts kept beside their per-model rows (`models_registry.models.counts`).

A `Tally` counts the rows of one per-model table (`RegistrationFact`, `PlaceFact`,
`CriterionFact`) by group. `models_registry.facts.refresh_facts`, which every write calls in
its transaction, reads the groups of the models it rewrites before and after
(`Tally.of`), and `Tally.move` adds the difference to the count rows:

- one row of the group is changed by `UPDATE … SET n = n + 1` (its lowest id): two writes of
  one group wait for each other's row lock and neither is lost;
- a group that has no row yet gets one; two transactions doing that at once give the group two
  rows, which every reader adds up (and an UPDATE that finds its row removed meanwhile adds one);
- a row is removed once a decrease leaves every count on it at 0;
- the groups are changed in one order (each count in turn, its groups sorted), once per write
  for all its models (`add_up` puts the chunks of a bulk write together), so that two writes
  moving models between the same groups in opposite directions wait for each other instead
  of deadlocking.

A deleted model is taken out first (`facts.forget_models`, from the registry's pre_delete
signal); a deleted criterion or unit takes its own groups with it (the counts' foreign keys
cascade, as its per-model rows do), and the models placed in a deleted unit are counted again
(`models_registry.signals`). `Tally.rebuild` counts everything again
(`manage.py rebuild_statistics`)."""

from dataclasses import dataclass

from django.db.models import Count, F, Q, Subquery


@dataclass(frozen=True)
class Tally:
    facts: type  # the per-model rows (with a `model` foreign key)
    counts: type  # their counts
    group: tuple  # the count rows' keys (attribute names)
    sums: dict  # count column -> the rows it counts (Q(): all)
    counted: Q = Q()  # which rows count at all

    def of(self, model_ids):
        """{group: [counts]} of these models' rows."""
        rows = self._grouped(self.facts.objects.filter(model_id__in=model_ids))
        return {tuple(row[key] for key in self.group): self._counts(row) for row in rows}

    def move(self, before, after):
        """Add `after - before` (each {group: [counts]}) to the count rows."""
        nothing = [0] * len(self.sums)
        for group in sorted(before.keys() | after.keys(), key=_sort_key):
            old, new = before.get(group, nothing), after.get(group, nothing)
            change = dict(
                zip(self.sums, (n - o for n, o in zip(new, old, strict=True)), strict=True)
            )
            if any(change.values()):
                self._add(dict(zip(self.group, group, strict=True)), change)

    def rebuild(self):
        """Count every row again; returns how many count rows there are."""
        self.counts.objects.all().delete()
        rows = self._grouped(self.facts.objects.all()).iterator(chunk_size=5000)
        made = [
            self.counts(
                **{key: row[key] for key in self.group},
                **dict(zip(self.sums, self._counts(row), strict=True)),
            )
            for row in rows
        ]
        self.counts.objects.bulk_create(made, batch_size=5000)
        return len(made)

    def _grouped(self, rows):
        return (
            rows.filter(self.counted)
            .order_by()
            .values(*self.group)
            .annotate(
                **{f"sum_{name}": Count("pk", filter=q or None) for name, q in self.sums.items()}
            )
        )

    def _counts(self, row):
        return [row[f"sum_{name}"] for name in self.sums]

    def _add(self, key, change):
        rows = self.counts.objects.filter(**key)
        first = Subquery(rows.order_by("pk").values("pk")[:1])
        # One statement on the group's first row. 0 rows updated: there is none, or another
        # transaction emptied and removed it while this one waited for its lock. Then a new
        # row.
        if not self.counts.objects.filter(pk=first).update(
            **{name: F(name) + n for name, n in change.items()}
        ):
            self.counts.objects.create(**key, **change)
        elif any(n < 0 for n in change.values()):
            # Emptied rows go, only when every count is 0: with two rows of a group, one may
            # hold a share of the other's (say collective 1 and individual -1).
            rows.filter(**dict.fromkeys(self.sums, 0)).delete()


def add_up(total, more):
    """Add the {group: [counts]} `more` into `total` (the chunks of one write's models)."""
    for group, counts in more.items():
        if group in total:
            total[group] = [a + b for a, b in zip(total[group], counts, strict=True)]
        else:
            total[group] = list(counts)
    return total


def _sort_key(group):
    return tuple((value is None, value or 0) for value in group)
