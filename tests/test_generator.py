"""The demo/benchmark data generator: reproducible, idempotent, plausible and consistent."""

from datetime import date
from io import StringIO
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.db import transaction

from danvan.text import fold
from demo.generator import generate, marker
from models_registry.models import Collective, DvkModel, Individual, RecognitionLevel, Status
from models_registry.search import search_text
from reviews.models import (
    RECOGNISING_STATES,
    Decision,
    Entry,
    EntryEvent,
    EntryState,
    Recipient,
    ReviewRound,
    RoundLevel,
)
from reviews.workflow import TRANSITIONS
from territory.models import Level, Unit

pytestmark = pytest.mark.django_db

REFORM_DAY = date(2025, 7, 1)


class Rollback(Exception):
    pass


def snapshot():
    """What a person would see of the generated data, without database ids."""
    return sorted(
        (
            m.title,
            m.year,
            m.unit.code,
            m.commune.name,
            str(m.implementer),
            m.status,
            m.recognition_level,
            m.is_exemplary,
            tuple(sorted(p.name for p in m.places.all())),
            tuple(sorted(c.number for c in m.criteria.all())),
        )
        for m in DvkModel.objects.select_related("unit", "commune", "collective", "individual")
        .prefetch_related("places", "criteria")
        .filter(note__startswith=marker(7))
    )


def table_sizes():
    return {
        m.__name__: m.objects.count()
        for m in (
            DvkModel,
            Collective,
            Individual,
            Entry,
            EntryEvent,
            Decision,
            Recipient,
            ReviewRound,
            Unit,
        )
    }


def test_the_same_seed_gives_the_same_models_and_another_seed_different_ones():
    with pytest.raises(Rollback), transaction.atomic():
        generate(200, seed=7)
        first = snapshot()
        raise Rollback
    assert DvkModel.objects.count() == 0
    generate(200, seed=7)
    assert snapshot() == first
    assert len(first) == 200

    generate(200, seed=8)
    other = sorted((m.title, m.year) for m in DvkModel.objects.filter(note__startswith=marker(8)))
    assert other != sorted((row[0], row[1]) for row in first)


def test_generating_twice_adds_nothing():
    generate(200, seed=7)
    before = table_sizes()
    result = generate(200, seed=7)
    assert result.created == 0
    assert result.existing == 200
    assert table_sizes() == before


def test_asking_for_more_adds_only_the_difference():
    generate(200, seed=7)
    result = generate(260, seed=7)
    assert result.created == 60
    assert DvkModel.objects.filter(note__startswith=marker(7)).count() == 260
    # The ids handed out by the generator stay in step with the database sequences.
    made = DvkModel.objects.create(
        title="Mô hình nhập tay sau khi sinh dữ liệu",
        year=2024,
        unit=Unit.objects.get(code="064", valid_from=None),
        collective=Collective.objects.first(),
    )
    assert made.pk > DvkModel.objects.exclude(pk=made.pk).order_by("-pk").first().pk


def test_outcomes_come_in_plausible_proportions():
    generate(800, seed=7)
    models = DvkModel.objects.all()
    total = models.count()
    recognised = models.exclude(recognition_level=RecognitionLevel.NONE).count()
    exemplary = models.filter(is_exemplary=True).count()
    # About a fifth recognised, a quarter of those exemplary.
    assert 0.15 * total <= recognised <= 0.25 * total
    assert 0.15 * recognised <= exemplary <= 0.35 * recognised
    assert models.filter(status=Status.REGISTERED).count() > total / 2
    individuals = models.filter(individual__isnull=False).count()
    assert 0.15 * total <= individuals <= 0.4 * total
    assert set(models.values_list("year", flat=True)) == set(range(2011, 2027))
    # Drafts and open proposals only in the year whose round is still open.
    assert set(
        models.filter(status__in=[Status.DRAFT, Status.PROPOSED]).values_list("year", flat=True)
    ) == {2026}
    genders = set(Individual.objects.values_list("gender", flat=True))
    assert genders == {"nam", "nu"}
    assert {"Tày", "Dao", "Nùng", "Mông", "Kinh"} <= set(
        Individual.objects.values_list("ethnicity", flat=True)
    )


def test_denormalised_outcome_agrees_with_the_review_entries():
    generate(400, seed=7)
    for m in DvkModel.objects.prefetch_related("review_entries__round"):
        entries = list(m.review_entries.all())
        states = {e.state for e in entries}
        recognising = [e for e in entries if e.state in RECOGNISING_STATES]
        assert bool(m.recognition_level) == bool(recognising), m.pk
        assert (m.status == Status.RECOGNISED) == bool(recognising), m.pk
        # Exemplary is decided at the first round; a province entry follows only from there.
        assert m.is_exemplary == (EntryState.EXEMPLARY in states), m.pk
        if recognising:
            assert m.recognition_year == m.year
        if m.status == Status.NOT_RECOGNISED:
            assert states == {EntryState.NOT_RECOGNISED}
            assert entries[0].reason
        for e in entries:
            assert e.round.year == m.year
            assert e.is_published == e.round.is_closed
            events = list(e.events.order_by("at", "id"))
            assert events[0].to_state == EntryState.PROPOSED
            if e.state != EntryState.PROPOSED:
                assert events[-1].to_state == e.state
                assert e.proposed_at < e.decided_at
            # Each step as the workflow writes it, so the model page names it in Vietnamese.
            assert events[0].action == "propose"
            for before, event in pairwise(events):
                assert event.from_state == before.to_state, event
                assert event.action == TRANSITIONS[(event.from_state, event.to_state)], event
            if e.round.is_closed:
                assert e.decided_at < e.round.closed_at
    assert DvkModel.objects.filter(is_exemplary=True).exclude(status=Status.RECOGNISED).count() == 0
    # Past rounds are closed; only the open year's province round is still open.
    assert set(ReviewRound.objects.filter(is_closed=False).values_list("year", "level")) <= {
        (2026, RoundLevel.PROVINCE)
    }
    assert ReviewRound.objects.filter(level=RoundLevel.DISTRICT, year__gt=2025).count() == 0


def test_owner_unit_and_commune_follow_the_2025_reorganisation():
    generate(400, seed=7)
    models = DvkModel.objects.select_related("unit", "commune", "commune__parent")
    post = 0
    for m in models.prefetch_related("places__parent"):
        place = m.places.get()
        commune_of_place = place.parent if place.level == Level.VILLAGE else place
        if m.unit.level == Level.DISTRICT:
            assert m.year <= 2025
            assert m.commune.parent_id == m.unit_id
            assert m.commune.valid_until == date(2025, 6, 30)
            assert commune_of_place == m.commune
        else:
            post += 1
            assert m.year >= 2025
            assert m.unit_id == m.commune_id
            assert m.commune.valid_from == REFORM_DAY
            # Placed in today's commune: the old villages' rows end on 30/6/2025 (a place there
            # would make the registry's workflow give the model back to the old district).
            assert commune_of_place == m.commune and place.valid_until is None
    assert post > 0
    assert models.filter(year__lt=2025, unit__level=Level.COMMUNE).count() == 0
    assert models.filter(year=2026, unit__level=Level.DISTRICT).count() == 0


def test_search_columns_hold_the_folded_title_implementer_and_places():
    generate(300, seed=7)
    for m in DvkModel.objects.select_related("collective", "individual").prefetch_related("places"):
        assert m.title_key == fold(m.title)
        assert fold(m.title) in m.search_text
        assert fold(str(m.implementer)) in m.search_text
        for place in m.places.all():
            assert fold(place.name) in m.search_text
        assert m.note.startswith(marker(7))
    for c in Collective.objects.all():
        assert c.search_name == fold(c.name)
    for person in Individual.objects.all():
        assert person.search_name == fold(person.full_name)


def test_a_diacritic_free_query_finds_a_na_hin_model():
    text = search_text(
        [
            "Vận động nhân dân thực hiện tiêu chí số 17 – Môi trường tại thôn Nà Hin, xã Giáo Hiệu",
            "Chi bộ Văn phòng Huyện ủy Pác Nặm",
            "Thôn Nà Hin, Xã Giáo Hiệu",
        ]
    )
    assert "na hin" in text
    assert "giao hieu" in text
    assert "pac nam" in text
    # Generated villages repeat real Tày names; with seed 13, 400 models include Nà Hin ones.
    generate(400, seed=13)
    by_title = DvkModel.objects.filter(title__contains="Nà Hin")
    assert by_title.exists()
    found = set(
        DvkModel.objects.filter(search_text__contains="na hin").values_list("pk", flat=True)
    )
    assert set(by_title.values_list("pk", flat=True)) <= found


def test_generated_search_text_is_what_the_workflow_keeps():
    generate(120, seed=5)
    models = DvkModel.objects.select_related("collective", "individual").prefetch_related(
        "places__parent"
    )
    for model in models:
        stored = model.search_text
        model.refresh_search_fields(place_names=[p.label() for p in model.places.all()])
        assert stored == model.search_text, model.title


def test_criterion_links_belong_to_the_set_of_the_models_year():
    generate(400, seed=7)
    linked = 0
    for m in DvkModel.objects.prefetch_related("criteria__criterion_set"):
        for c in m.criteria.all():
            linked += 1
            assert c.criterion_set.start_year <= m.year <= c.criterion_set.end_year
            assert m.field.is_new_rural or m.field.code in {"BK-VHDL", "VHXH", "KT", "QPAN", "HTCT"}
    assert linked > 0
    assert not DvkModel.objects.filter(year__lt=2016, criteria__isnull=False).exists()


def test_commendations_go_to_the_models_implementer_from_named_bodies():
    generate(800, seed=7)
    recipients = Recipient.objects.select_related("decision__issuer", "model")
    assert recipients.exists()
    for r in recipients:
        assert r.model.is_exemplary
        assert (r.collective_id, r.individual_id) == (r.model.collective_id, r.model.individual_id)
        assert r.decision.year == r.model.year
        issuer = r.decision.issuer.name
        if r.model.year <= 2024:
            assert (
                issuer.startswith("UBND huyện")
                or issuer.startswith("UBND thành phố")
                or issuer
                in {
                    "Ban Dân vận Tỉnh ủy Bắc Kạn",
                    "Ban Dân vận Trung ương",
                }
            )
    orders = list(
        Recipient.objects.filter(decision=recipients.first().decision).values_list(
            "order", flat=True
        )
    )
    assert sorted(orders) == list(range(1, len(orders) + 1))


def test_generated_villages_sit_in_the_territory_tree_once():
    generate(200, seed=7)
    generate(200, seed=8)
    villages = Unit.objects.filter(level=Level.VILLAGE).select_related("parent")
    # Once under the commune they were made for; carried on under its 2025 successor, where
    # two merged communes may each bring a village of the same name.
    names = [(v.parent_id, v.name) for v in villages if v.valid_from is None]
    assert len(names) == len(set(names))
    assert not villages.filter(valid_until=None, parent__valid_until__isnull=False).exists()
    for v in villages:
        assert v.path == f"{v.parent.path}{v.pk}/"
        assert v.search_name == fold(v.short_name)
    giao_hieu = Unit.objects.get(code="01870", valid_from=None)
    assert Unit.objects.filter(parent=giao_hieu, name="Thôn Nà Hin").count() == 1
    assert Unit.objects.filter(parent=giao_hieu).count() >= 4


def test_command_generates_and_reports_the_time():
    out = StringIO()
    call_command("generate_demo_data", "--models", "50", "--seed", "3", stdout=out)
    assert DvkModel.objects.filter(note__startswith=marker(3)).count() == 50
    assert "Xong: thêm 50 mô hình" in out.getvalue()
    assert "giây" in out.getvalue()


def test_on_postgresql_the_generator_writes_through_the_importers_copy(monkeypatch):
    # One COPY writer: every value the generator writes, of every table, in COPY's text format.
    from django.db import connection

    from danvan import bulkcopy
    from demo.generator import TABLES_WRITTEN, THROUGH_TABLES
    from demo.generator.rows import Table

    generate(30, seed=4)
    sent = []
    monkeypatch.setattr(bulkcopy, "_send", lambda raw, sql, text: sent.append((sql, text)))
    monkeypatch.setattr(connection, "vendor", "postgresql")
    for model in TABLES_WRITTEN + THROUGH_TABLES:
        table = Table(model)
        for row in model.objects.order_by("pk").values_list(*table.attnames)[:50]:
            table.add_tuple(row)
        table.flush(cursor=None)
    monkeypatch.undo()
    assert len(sent) == len(TABLES_WRITTEN + THROUGH_TABLES)
    sql, text = sent[2]
    assert sql.startswith('COPY "models_registry_model" (')
    first = text.splitlines()[0].split("\t")
    assert len(first) == len(Table(DvkModel).fields)
    assert r"\N" in first and any(value in {"t", "f"} for value in first)
