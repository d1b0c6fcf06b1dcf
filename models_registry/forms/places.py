"""The places a model is carried out in, chosen by year: before 1/7/2025 districts' communes, after it the new communes."""

from datetime import date

from django.db.models import Q

from danvan.params import to_id
from territory.models import Level, Unit

# From this year on the districts are gone (1/7/2025): places are the new communes.
FIRST_YEAR_WITHOUT_DISTRICTS = 2026
LAST_YEAR_WITH_DISTRICTS = 2025


def _year(value):
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return year if 1990 <= year <= 2100 else None


def valid_in_year_q(year, prefix=""):
    """Units that existed at some point of `year`."""
    return (
        Q(**{f"{prefix}valid_from__isnull": True})
        | Q(**{f"{prefix}valid_from__lte": date(year, 12, 31)})
    ) & (
        Q(**{f"{prefix}valid_until__isnull": True})
        | Q(**{f"{prefix}valid_until__gte": date(year, 1, 1)})
    )


def scope_units(user):
    return Unit.objects.all() if user.sees_everything else Unit.objects.in_scope_of(user.unit)


def _ids(values):
    """The values that are ids (others, such as "abc" or 10**30, are left out)."""
    return [pk for pk in map(to_id, values) if pk is not None]


class PlacesMixin:
    """District → commune → village choices that follow each other (refreshed with htmx).

    Which units are offered depends on the registering year: before 1/7/2025 communes are
    chosen within a district; from 2026 the new communes (no district) are offered."""

    def setup_places(self, user, year):
        self.user = user
        self.place_year = year or date.today().year
        scope = scope_units(user)
        in_year = valid_in_year_q(self.place_year)
        self.uses_districts = self.place_year <= LAST_YEAR_WITH_DISTRICTS
        districts = Unit.objects.districts().filter(in_year, pk__in=scope.values("pk"))
        self.fields["district"].queryset = districts
        district_id = self._selected("district")
        district = next((d for d in districts if str(d.pk) == str(district_id)), None)
        if district is None and user.unit_id and user.unit.level == Level.DISTRICT:
            district = next((d for d in districts if d.pk == user.unit_id), None)
        self.selected_district = district if self.uses_districts else None
        communes = Unit.objects.communes().filter(in_year, pk__in=scope.values("pk"))
        if self.selected_district is not None:
            communes = communes.filter(parent=self.selected_district)
        else:
            communes = communes.exclude(parent__level=Level.DISTRICT)
        self.fields["communes"].queryset = communes.order_by("name")
        chosen_communes = _ids(self._selected_list("communes"))
        self.fields["villages"].queryset = (
            Unit.objects.villages()
            .filter(in_year, parent__in=chosen_communes, pk__in=scope.values("pk"))
            .select_related("parent")
            .order_by("parent__name", "name")
        )

    def _selected(self, name):
        if self.is_bound:
            return self.data.get(name)
        return self.initial.get(name)

    def _selected_list(self, name):
        if self.is_bound:
            return self.data.getlist(name) if hasattr(self.data, "getlist") else []
        return [getattr(v, "pk", v) for v in (self.initial.get(name) or [])]

    def places_context(self):
        """What the places partial shows, from the typed (or initial) values, without running
        validation (the partial is also rendered on every htmx refresh)."""
        chosen_communes = {str(v) for v in self._selected_list("communes")}
        chosen_villages = {str(v) for v in self._selected_list("villages")}
        communes = list(self.fields["communes"].queryset)
        villages = [
            v for v in self.fields["villages"].queryset if str(v.parent_id) in chosen_communes
        ]
        return {
            "uses_districts": self.uses_districts,
            "district_fixed": bool(
                self.user.unit_id and self.user.unit.level == Level.DISTRICT and self.uses_districts
            ),
            "districts": list(self.fields["district"].queryset),
            "selected_district": self.selected_district,
            "communes": [(c, str(c.pk) in chosen_communes) for c in communes],
            "villages": [(v, str(v.pk) in chosen_villages) for v in villages],
            "year": self.place_year,
        }

    def chosen_places(self):
        """Selected villages, and the selected communes in which no village was chosen."""
        villages = list(self.cleaned_data.get("villages") or [])
        with_village = {v.parent_id for v in villages}
        communes = [c for c in self.cleaned_data.get("communes") or [] if c.pk not in with_village]
        return communes + villages
