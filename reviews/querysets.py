"""Scoped querysets: the only door to rounds, entries and decisions, plus one method per screen."""

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q


def _visible_models(user):
    from models_registry.models import DvkModel

    return DvkModel.objects.visible_to(user)


class RoundQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The provincial round is seen by every account; a district round by its territory."""
        if not user.is_authenticated:
            return self.none()
        if user.sees_everything:
            return self
        # Organisers are provinces, districts and communes: the scope id list holds them.
        return self.filter(Q(level="tinh") | Q(organiser_id__in=user.scope_unit_ids()))

    def open(self):
        return self.filter(is_closed=False)

    def run_by(self, user):
        """Rounds the user scores and decides in (see `rules.can_run_round`)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_administrator:
            return self
        if user.is_reviewer:
            return self.filter(level="tinh")
        if user.is_local_staff and user.unit_id and not user.reads_only:
            return self._own_local(user)
        return self.none()

    def _own_local(self, user):
        """The district or commune rounds of the user's own unit, in the years it existed."""
        from accounts.dated import years_lookup

        from .models import LOCAL_ROUND_LEVELS

        return self.filter(
            level__in=LOCAL_ROUND_LEVELS, organiser_id=user.unit_id, **years_lookup(user.unit)
        )

    def open_for_proposal_by(self, user, today):
        """Open rounds, before their deadline, that the user may propose models to (see
        `rules.can_propose_to`)."""
        from accounts.dated import years_lookup

        if not user.is_authenticated or user.is_reviewer:
            return self.none()
        qs = self.filter(is_closed=False, deadline__gte=today)
        if user.is_administrator:
            return qs
        if not user.is_local_staff or user.unit_id is None:
            return self.none()
        province = Q(level="tinh", **years_lookup(user.unit))
        return qs.filter(province | Q(pk__in=self._own_local(user).values("pk")))

    def for_index(self, user):
        """Index screen: every visible round with the number of entries the user may see."""
        from .models import Entry

        entries = Entry.objects.visible_to(user).filter(round=OuterRef("pk"))
        return (
            self.visible_to(user)
            .select_related("organiser")
            .annotate(
                entry_count=models.Subquery(
                    entries.order_by().values("round").annotate(n=Count("pk")).values("n")[:1],
                    output_field=models.IntegerField(),
                )
            )
        )


class EntryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Entries of visible rounds for models in the user's territory."""
        from .models import ReviewRound

        if not user.is_authenticated:
            return self.none()
        if user.sees_everything:
            return self
        return self.filter(
            round__in=ReviewRound.objects.visible_to(user), model__in=_visible_models(user)
        )

    def for_list(self):
        """Round page and queue: the model, its implementer and territory in one query."""
        return self.select_related(
            "round",
            "model__collective",
            "model__individual",
            "model__unit",
            "model__commune",
        )

    def awaiting_score_by(self, user):
        """Entries being considered in open rounds the user runs, that they neither scored nor
        withdrew from."""
        from .models import Assessment, ConflictDeclaration, EntryState, ReviewRound

        return self.filter(
            round__in=ReviewRound.objects.run_by(user).open(),
            state=EntryState.PROPOSED,
        ).exclude(
            Exists(Assessment.objects.filter(entry=OuterRef("pk"), reviewer=user))
            | Exists(ConflictDeclaration.objects.filter(entry=OuterRef("pk"), reviewer=user))
        )

    def queue_of(self, user):
        """Entries under consideration in the open rounds the user runs, in queue order."""
        from .models import EntryState, ReviewRound

        return self.filter(
            round__in=ReviewRound.objects.run_by(user).open(), state=EntryState.PROPOSED
        ).order_by("round__deadline", "round_id", "id")

    def with_marks(self, user):
        """Whether `user` has scored each entry or declared a conflict on it."""
        from .models import Assessment, ConflictDeclaration

        return self.annotate(
            scored=Exists(Assessment.objects.filter(entry=OuterRef("pk"), reviewer=user)),
            conflicted=Exists(
                ConflictDeclaration.objects.filter(entry=OuterRef("pk"), reviewer=user)
            ),
        )

    def for_queue(self, user):
        """A reviewer's queue: every entry under consideration in the rounds they run, with
        whether they have scored it or declared a conflict."""
        return self.queue_of(user).for_list().with_marks(user)

    def done_count(self):
        """How many entries of a `with_marks` queryset the reviewer has scored or withdrawn
        from: one aggregate in the database."""
        return self.order_by().aggregate(
            done=Count("pk", filter=Q(scored=True) | Q(conflicted=True))
        )["done"]


class EntryEventQuerySet(models.QuerySet):
    pass


class IssuingBodyQuerySet(models.QuerySet):
    def valid_at(self, day):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )

    def usable_by(self, user):
        """Issuers whose decisions the user may record (`rules.can_manage_decision` asks this)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_administrator:
            return self
        if user.is_reviewer:
            return self.filter(level__in=["trung_uong", "tinh"])
        if user.is_local_staff and user.unit_id:
            # A district's bodies (UBND huyện), a commune's (UBND xã, its Party committee).
            return self.filter(level__in=["huyen", "xa"], unit_id=user.unit_id)
        return self.none()


class DecisionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Reviewers and administrators see every decision; local staff those issued in
        their territory or commending someone there."""
        from .models import Recipient

        if not user.is_authenticated:
            return self.none()
        if user.sees_everything or user.is_reviewer:
            return self
        units = user.scope_units()
        mine = Recipient.objects.visible_to(user).values("decision")
        return self.filter(Q(issuer__unit__in=units) | Q(pk__in=mine))

    def for_list(self):
        return self.select_related("issuer", "round").annotate(recipient_count=Count("recipients"))


class RecipientQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Local staff see the recipients of their territory only (also on a provincial
        decision's annex)."""
        if not user.is_authenticated:
            return self.none()
        if user.sees_everything or user.is_reviewer:
            return self
        units = user.scope_units()
        return self.filter(
            Q(model__in=_visible_models(user))
            | Q(collective__unit__in=units)
            | Q(individual__unit__in=units)
        )

    def for_annex(self):
        """The annex: collectives first, then individuals, in the decision's order."""
        return (
            self.select_related("collective__unit", "individual__unit", "model")
            .annotate(
                is_individual=models.Case(
                    models.When(individual__isnull=False, then=models.Value(1)),
                    default=models.Value(0),
                    output_field=models.IntegerField(),
                )
            )
            .order_by("is_individual", "order", "id")
        )
