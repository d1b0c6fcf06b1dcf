from django.db import models
from django.db.models import Q

from danvan import lookups  # noqa: F401 -- `id_in`


def _in_scope(user):
    """A model's owner unit or commune among the user's scope units (`User.scope_unit_ids`)."""
    units = user.scope_unit_ids()
    return Q(unit__id_in=units) | Q(commune__id_in=units)


class CriterionSetQuerySet(models.QuerySet):
    def for_year(self, year):
        """The criterion set valid in a registering year (2021 -> 2021-2025)."""
        return self.filter(start_year__lte=year, end_year__gte=year).first()


class ScopedQuerySet(models.QuerySet):
    unit_lookup = "unit"

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.sees_everything:
            return self
        return self.filter(**{f"{self.unit_lookup}__in": user.scope_units()})


class CollectiveQuerySet(ScopedQuerySet):
    pass


class IndividualQuerySet(ScopedQuerySet):
    pass


class ModelQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one door to models: a user's territory, across the 2025 reorganisation."""
        if not user.is_authenticated:
            return self.none()
        if user.sees_everything:
            return self
        return self.filter(_in_scope(user))

    def with_visibility(self, user):
        """Each row with `visible`: whether `visible_to(user)` holds it (the same condition, as a
        column, where a correlated EXISTS over `visible_to` cost PostgreSQL 2–3 ms to plan)."""
        if not user.is_authenticated:
            visible = models.Value(False)
        elif user.sees_everything:
            visible = models.Value(True)
        else:
            visible = models.ExpressionWrapper(_in_scope(user), output_field=models.BooleanField())
        return self.annotate(visible=visible)

    def editable_by(self, user):
        """What `rules.keeps` allows, in SQL: administrators everything they see; local staff
        the models their own unit keeps, of the years that unit existed, while it exists;
        reviewers nothing."""
        if not user.is_authenticated:
            return self.none()
        if user.is_administrator:
            return self.visible_to(user)
        if not user.is_local_staff or user.unit_id is None or user.reads_only:
            return self.none()
        from accounts.dated import years_lookup

        return self.filter(unit_id=user.unit_id, **years_lookup(user.unit))

    def in_territory(self, unit):
        """Models of `unit` and everything under it, including the former units it rolled up
        (a post-2025 commune includes the models of the old communes it was formed from)."""
        from territory.models import Level, Unit

        # A literal id list (one short query first), as in `visible_to`: the recursive
        # subquery twice in one statement cost PostgreSQL more to plan than to run.
        units = list(
            Unit.objects.rolled_up_into(unit, down_to=Level.COMMUNE).values_list("pk", flat=True)
        )
        return self.filter(Q(unit__id_in=units) | Q(commune__id_in=units))

    def carried_out_in(self, unit, years=None):
        """`in_territory`, and also the models with any of their places in it: a model carried
        out in several communes is found from each of them (its owner and first commune are
        only one of them). The places may be villages: the ids of the units rolled up into
        `unit` are read in short queries first and given as literal lists (with the recursive
        subquery inside the EXISTS, PostgreSQL hashed the places of every year and unit: 85
        ms for a district's year at 100.000 models, 9 ms with the list).

        `years`, a condition on `year` (the list's registering years), lets the places part
        read the summary rows of those years (`PlaceFact`: a model's communes, a village
        standing for its commune, kept by every write function) instead of the places of
        every year, from the index `place_fact_year_place_idx` alone: Chợ Đồn 2023 at
        1.000.000 models hashed 169.000 places rows for each of the page's two queries; it
        now reads 14.000 index entries (2 ms), and the capped count takes 31 ms. A commune stands for its villages only when they are rolled
        up with it (`tests/test_registry_filters.py` holds that for the real territory); the
        places above a commune and the villages rolled up without their commune are still
        looked up in the places themselves."""
        from territory.models import Level, Unit

        from .models import PlaceFact

        if years is None or unit.level == Level.VILLAGE:
            rows = list(Unit.objects.rolled_up_into(unit).values_list("pk", "level"))
            units = [pk for pk, level in rows if level <= Level.COMMUNE]
            owned = Q(unit__id_in=units) | Q(commune__id_in=units)
            exact = [pk for pk, _level in rows]
            return self.filter(owned | models.Exists(self._placed_in(exact)))
        # The roll-up down to the communes, and the villages it brings apart from their
        # commune (`former_villages_rolled_up_into`): not the province's villages one by one.
        rows = list(
            Unit.objects.rolled_up_into(unit, down_to=Level.COMMUNE).values_list("pk", "level")
        )
        units = [pk for pk, _level in rows]
        owned = Q(unit__id_in=units) | Q(commune__id_in=units)
        ids = set(units)
        communes = [pk for pk, level in rows if level == Level.COMMUNE]
        exact = [pk for pk, level in rows if level < Level.COMMUNE] + [
            pk
            for pk, parent in Unit.objects.former_villages_rolled_up_into(unit)
            if parent not in ids
        ]
        in_communes = PlaceFact.objects.filter(years, place_id__in=communes).values("model_id")
        found = owned | Q(pk__in=in_communes)
        if exact:
            found |= models.Exists(self._placed_in(exact))
        return self.filter(found)

    def _placed_in(self, unit_ids):
        return self.model.places.through.objects.filter(
            dvkmodel_id=models.OuterRef("pk"), unit_id__in=unit_ids
        )

    def for_year(self, year):
        return self.filter(year=year)

    # ------------------------------------------------------------ one method per screen

    def for_list(self):
        """The registry list: everything a row shows, in a fixed number of queries (this one,
        plus one prefetch of the places with their communes). A row names its places, not its
        owner unit: joining the unit and the commune too tripled the time PostgreSQL took to
        plan the page's query (4 → 13 ms, longer than running it)."""
        from territory.models import Unit

        return self.select_related("collective", "individual", "field").prefetch_related(
            models.Prefetch(
                "places", queryset=Unit.objects.select_related("parent").order_by("level", "name")
            )
        )

    def for_export(self):
        """The list's Excel export: the list's rows, with the owner unit (a column)."""
        return self.for_list().select_related("unit")

    def for_detail(self):
        """The model page: implementer, places, criteria, yearly progress and attachments,
        each fetched once whatever their number (the lineage: `lineage.lineage`)."""
        from territory.models import Unit

        from .models import Attachment, Criterion, YearlyProgress

        return self.select_related(
            "collective__unit",
            "individual__unit",
            "field",
            "unit",
            "commune",
            "created_by",
        ).prefetch_related(
            models.Prefetch(
                "places", queryset=Unit.objects.select_related("parent").order_by("level", "name")
            ),
            models.Prefetch("criteria", queryset=Criterion.objects.select_related("criterion_set")),
            models.Prefetch(
                "progress", queryset=YearlyProgress.objects.select_related("created_by")
            ),
            models.Prefetch(
                "attachments", queryset=Attachment.objects.select_related("uploaded_by")
            ),
        )

    def search(self, text):
        """Every word of `text` must appear in the folded search column ("na hin", "Nà Hin",
        "NÀ HIN" and decomposed input all match). One mechanism on SQLite and PostgreSQL; on
        PostgreSQL `LIKE '%…%'` is served by the trigram index model_search_trgm_idx."""
        from danvan.text import fold

        qs = self
        for token in fold(text).split():
            qs = qs.filter(search_text__contains=token)
        return qs

    def duplicates_of(self, *, year, title, collective=None, individual=None, exclude_pk=None):
        """Same year, same folded title, same implementer: the duplicate warning."""
        from danvan.text import fold

        if not title or not (collective or individual):
            return self.none()
        qs = self.filter(year=year, title_key=fold(title))
        if collective:
            qs = qs.filter(collective=collective)
        else:
            qs = qs.filter(individual=individual)
        if exclude_pk:
            qs = qs.exclude(pk=exclude_pk)
        return qs
