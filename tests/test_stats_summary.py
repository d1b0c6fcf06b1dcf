"""The statistics' summary rows (`models_registry.PlaceFact`, `CriterionFact`, `ResultFact`)
give exactly the figures the registry and the reviews themselves give: after every kind of
write, the page's figures read from them equal the figures computed from the places, models,
units, criteria, entries and rounds (`stats.reference`), for the province across 2019–2026, a
province of one year, a district, a commune and a commune across 1/7/2025, for every persona
that may open them (an administrator counts every result, a district officer the published
ones)."""

import contextlib
from unittest import mock

import pytest
from django.contrib.admin.sites import site
from django.core.management import call_command
from django.db.models import Count, F, Sum
from django.test import RequestFactory

from importer.undo import undo_batch
from models_registry import workflow
from models_registry.facts import RESULTS, TALLIES, forget_models, refresh_facts
from models_registry.models import (
    NOT_REGISTERED,
    REGISTRATION_COUNTS,
    Criterion,
    CriterionCount,
    CriterionFact,
    CriterionSet,
    DvkModel,
    Field,
    PlaceCount,
    PlaceFact,
    RecognitionLevel,
    RegistrationCount,
    RegistrationType,
    ResultCount,
    ResultFact,
    Status,
    YearlyProgress,
)
from reviews import workflow as reviews
from reviews.bulk import PastResult, record_past_results, remove_past_results
from reviews.facts import refresh_result_facts
from reviews.models import EntryState, ReviewRound, RoundLevel
from stats import reference as joined
from stats.figures import statistics
from stats.models import TargetKey
from stats.territory import Period, territory_for
from territory.models import Level, Unit

from . import stats_data
from .factories import make_collective, make_individual, make_model, unit
from .test_import import CHODON_ROWS, district_list, import_file
from .test_reviews_helpers import make_round

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("district_era")]

# (code, from year, to year): what each persona is asked about.
ADMIN_TERRITORIES = [
    ("19", 2019, 2026),  # today's Thái Nguyên, old Bắc Kạn rolled up into it
    ("06", 2023, 2023),  # Bắc Kạn of one year
    ("064", 2019, 2024),  # Chợ Đồn
    ("02071", 2023, 2023),  # Xã Nghĩa Tá
    ("01864", 2024, 2026),  # Xã Bộc Bố, then Xã Bằng Thành
]
DISTRICT_TERRITORIES = [("064", 2019, 2024), ("02071", 2019, 2023)]


def criterion(set_name, number):
    return Criterion.objects.get(criterion_set__name=set_name, number=number)


def figures(user, code, start, end):
    period = Period(start, end)
    return statistics(user, territory_for(user, code, period), period)


# Each function that reads summary rows, and its join over the registry and the reviews.
READERS = {
    "stats.coverage.place_rows": joined.place_rows,
    "stats.coverage.reviewed_by_commune": joined.reviewed_by_commune,
    "stats.figures.criteria_links": joined.criteria_links,
    "stats.figures.result_rows": joined.result_rows,
    "stats.figures.year_results": joined.year_results,
    "stats.figures.commended_recipients": joined.commended_recipients,
    # The registrations grouped from the models, not summed from their counts.
    "stats.figures.registration_groups": joined.registration_groups,
}


def reference(user, code, start, end):
    """The same figures, read from the registry and the reviews themselves."""
    with contextlib.ExitStack() as stack:
        for target, join in READERS.items():
            stack.enter_context(mock.patch(target, join))
        return figures(user, code, start, end)


def assert_summary_agrees(*personas):
    assert_counts_agree()
    for user, territories in personas:
        for territory in territories:
            assert figures(user, *territory) == reference(user, *territory), territory


def covered(user, code, start, end):
    rows = reference(user, code, start, end)["coverage"]
    return next(r["achieved"] for r in rows if r["key"] == TargetKey.COMMUNES)


GROUP = ("year", "unit_id", "commune_id", "field_id")


def counted_groups():
    """{group: counts} as the registration count rows hold them (a group's rows added up)."""
    rows = RegistrationCount.objects.values(*GROUP).annotate(
        **{f"n_{name}": Sum(name) for name in REGISTRATION_COUNTS}
    )
    found = {tuple(r[k] for k in GROUP): [r[f"n_{n}"] for n in REGISTRATION_COUNTS] for r in rows}
    return {group: counts for group, counts in found.items() if any(counts)}


def model_groups():
    """{group: counts} from the registered models themselves."""
    rows = (
        DvkModel.objects.exclude(status__in=NOT_REGISTERED)
        .values(*GROUP)
        .annotate(**joined.registration_counts(prefix="n_"))
    )
    return {tuple(r[k] for k in GROUP): [r[f"n_{n}"] for n in REGISTRATION_COUNTS] for r in rows}


def split_commune():
    """An old commune of Bắc Kạn shared out between several new ones on 1/7/2025."""
    links = Unit.successors.through.objects.filter(from_unit__level=Level.COMMUNE)
    split = (
        links.values("from_unit").annotate(n=Count("id")).filter(n__gt=1).order_by("from_unit")
    ).first()
    return Unit.objects.get(pk=split["from_unit"])


@pytest.fixture
def varied(chodon_officer):
    """Models of several places (villages, a split commune, communes of two districts), years
    2019–2026 across 1/7/2025, NTM criteria of the right and the wrong set, a new-rural field, a
    draft and a withdrawn one, a maintained model, results and commendations."""
    nghia_ta, bang_phuc, bang_lang = unit("02071"), unit("02041"), unit("02050")
    ntm_field = Field.objects.filter(is_new_rural=True).first().code
    split = split_commune()
    models = [
        make_model(
            nghia_ta,
            year=2019,
            places=[nghia_ta, bang_phuc],
            criteria=[criterion("2016-2020", 17)],
        ),
        make_model(bang_lang, year=2021, field_code=ntm_field),
        make_model(
            bang_phuc,
            year=2023,
            places=[bang_phuc, split],
            field_code="VHXH",
            criteria=[criterion("2021-2025", 17)],
        ),
        make_model(nghia_ta, year=2023, registration_type=RegistrationType.CARRIED_OVER),
        make_model(split, year=2024, criteria=[criterion("2016-2020", 1)]),
        make_model(bang_phuc, year=2023, status=Status.DRAFT),
        make_model(bang_lang, year=2022, status=Status.WITHDRAWN),
        make_model(
            unit("01864", current=True),
            year=2026,
            places=[unit("01864", current=True), unit("01879", current=True)],
            criteria=[criterion("2026-2030", 1)],
        ),
        make_model(unit("01879", current=True), year=2026, criteria=[criterion("2021-2025", 2)]),
        make_model(unit("01891"), year=2023),  # Ba Bể
    ]
    YearlyProgress.objects.create(model=models[3], year=2024, activities="Duy trì")
    district_round = stats_data.review_round(unit("064"), 2023, RoundLevel.DISTRICT)
    stats_data.entries(
        district_round, [(models[2], EntryState.EXEMPLARY), (models[3], EntryState.RECOGNISED)]
    )
    body = stats_data.issuer("UBND huyện Chợ Đồn", "huyen", unit("064"))
    stats_data.recipients(
        stats_data.decision(body, 2023),
        collectives_=[models[2].collective, models[3].collective],
        models_=[models[2]],
    )
    return models


def personas(administrator, chodon_officer):
    return (administrator, ADMIN_TERRITORIES), (chodon_officer, DISTRICT_TERRITORIES)


def test_the_summary_gives_the_registrys_figures_and_is_what_the_page_reads(
    varied, administrator, chodon_officer
):
    assert_summary_agrees(*personas(administrator, chodon_officer))
    # Not vacuous: a model's second commune is covered only through its places.
    assert covered(administrator, "064", 2019, 2024) >= 3
    PlaceCount.objects.filter(year=2019, place=unit("02041")).delete()
    assert figures(administrator, "064", 2019, 2019) != reference(administrator, "064", 2019, 2019)
    # Every kind of row is read: the registrations, the criteria and the results too.
    RegistrationCount.objects.filter(year=2021).delete()
    assert figures(administrator, "064", 2021, 2021) != reference(administrator, "064", 2021, 2021)
    CriterionCount.objects.filter(year=2023).delete()
    assert figures(administrator, "064", 2023, 2023) != reference(administrator, "064", 2023, 2023)
    # The results of several years from the rows (distinct models), of one year from the
    # counts.
    ResultFact.objects.filter(model=varied[3]).delete()
    ResultCount.objects.filter(round_year=2023).delete()
    for territory in (("064", 2023, 2023), ("064", 2019, 2024)):
        mine, theirs = figures(administrator, *territory), reference(administrator, *territory)
        assert mine["recognised"] != theirs["recognised"], territory


def assert_counts_agree():
    """Every count (registrations, place rows, criterion links) is its rows grouped."""
    for tally in (*TALLIES, RESULTS):
        rows = tally.counts.objects.values(*tally.group).annotate(
            **{f"sum_{name}": Sum(name) for name in tally.sums}
        )
        counted = {
            tuple(row[key] for key in tally.group): [row[f"sum_{n}"] for n in tally.sums]
            for row in rows
        }
        counted = {group: counts for group, counts in counted.items() if any(counts)}
        ids = tally.facts.objects.values_list("model_id", flat=True)
        assert counted == tally.of(list(ids)), tally.counts.__name__


def test_the_registration_counts_are_the_registered_models_grouped(
    varied, administrator, chodon_officer
):
    assert counted_groups() == model_groups()
    assert_counts_agree()
    # An edit that moves a model to another group (year, field, registration type) moves its
    # count; a draft registered, a model withdrawn, a model deleted.
    model = DvkModel.objects.get(pk=varied[3].pk)
    model.year, model.registration_type = 2022, RegistrationType.NEW
    model.field = Field.objects.exclude(pk=model.field_id).first()
    workflow.save_model(
        model,
        user=chodon_officer,
        places=list(model.places.all()),
        expected_version=model.version,
        reason="Sửa năm và lĩnh vực",
    )
    assert counted_groups() == model_groups()
    workflow.submit_draft(varied[5], user=chodon_officer)
    workflow.withdraw(varied[0], user=chodon_officer, reason="Đơn vị không tiếp tục thực hiện")
    DvkModel.objects.filter(pk=varied[9].pk).delete()
    assert counted_groups() == model_groups()
    assert_counts_agree()
    # No row is left for a group with no model.
    assert not RegistrationCount.objects.filter(total=0).exists()


def test_a_write_of_many_models_moves_the_counts_once_for_all_its_chunks(
    varied, administrator, chodon_officer
):
    """A bulk write refreshes its models by chunks and moves each count once, at the end (the
    groups are then locked in one order); the chunks' groups add up."""
    ids = [model.pk for model in varied]
    DvkModel.objects.filter(pk__in=ids[:4]).update(year=2022)
    with mock.patch("models_registry.facts.CHUNK", 3), mock.patch("reviews.facts.CHUNK", 3):
        refresh_facts(ids)
        refresh_result_facts(ids)
        assert_summary_agrees(*personas(administrator, chodon_officer))
        # Models without entries or commendations (those protect a model from deletion).
        gone = [varied[i].pk for i in (0, 1, 4, 6, 8)]
        forget_models(gone)  # as the delete's signal does, for several models at once
        DvkModel.objects.filter(pk__in=gone).delete()
    assert counted_groups() == model_groups()
    assert_summary_agrees(*personas(administrator, chodon_officer))


def test_a_group_counted_on_two_rows_stays_exact(varied, administrator, chodon_officer):
    """Two transactions that each found no row for a new group each add one: the group then
    has two rows, which the page adds up, and the next writes keep the sum exact."""
    row = RegistrationCount.objects.get(year=2026, commune=unit("01879", current=True))
    assert row.total == 1
    RegistrationCount.objects.filter(pk=row.pk).update(
        **{name: F(name) - getattr(row, name) for name in REGISTRATION_COUNTS}
    )
    row.pk = None
    row.save()  # the same counts on a second row, the first one left at 0
    assert RegistrationCount.objects.filter(year=2026, commune=row.commune).count() == 2
    assert_summary_agrees(*personas(administrator, chodon_officer))
    # An individual's model joins the group: counted on the first row, which now holds
    # total 1 and individual 1 while the second holds the collective's model.
    place = row.commune
    second = make_model(place, year=2026, places=[place], implementer=make_individual(place))
    assert counted_groups() == model_groups()
    # The collective's model leaves: taken from the first row, which then holds total 0,
    # collective -1, individual 1, and is kept: the group's two rows still add up.
    DvkModel.objects.filter(pk=varied[8].pk).delete()
    assert counted_groups() == model_groups()
    assert_summary_agrees(*personas(administrator, chodon_officer))
    DvkModel.objects.filter(pk=second.pk).delete()
    assert counted_groups() == model_groups()


def test_results_differ_by_audience_and_the_rows_know_it(varied, administrator, chodon_officer):
    """A result recorded quietly (a round that publishes when it closes) counts for the
    administrator at once and for the district officer once published, from the rows as from
    the entries."""
    round_ = make_round(RoundLevel.DISTRICT, "064", year=2024, publish_on_close=True)
    entry = reviews.propose(varied[1], round_, chodon_officer)
    entry = reviews.recognise(entry, administrator, version=entry.version)
    assert_summary_agrees(*personas(administrator, chodon_officer))
    admin_sees = figures(administrator, "064", 2024, 2024)["recognised"]["district"]
    officer_sees = figures(chodon_officer, "064", 2024, 2024)["recognised"]["district"]
    assert (admin_sees, officer_sees) == (1, 0)
    reviews.close_round(round_, administrator)
    assert figures(chodon_officer, "064", 2024, 2024)["recognised"]["district"] == 1
    assert_summary_agrees(*personas(administrator, chodon_officer))


def test_after_registering_and_editing_through_the_workflow(varied, administrator, chodon_officer):
    nghia_ta = unit("02071")
    village = Unit.objects.filter(parent__parent=unit("064"), level=Level.VILLAGE).first()
    bang_lang = village.parent
    new = DvkModel(
        title="Vận động nhân dân làm đường bê tông thôn",
        year=2022,
        field=Field.objects.get(code="KT"),
        collective=make_collective(bang_lang),
        status=Status.DRAFT,
    )
    workflow.save_model(
        new,
        user=chodon_officer,
        places=[village, nghia_ta],
        criteria=[criterion("2021-2025", 17)],
        register=True,
    )
    assert_summary_agrees(*personas(administrator, chodon_officer))
    edited = DvkModel.objects.get(pk=varied[0].pk)
    edited.year = 2020
    workflow.save_model(
        edited,
        user=chodon_officer,
        places=[bang_lang],
        criteria=[],
        expected_version=edited.version,
    )
    assert_summary_agrees(*personas(administrator, chodon_officer))


def test_after_submitting_withdrawing_and_deleting(varied, administrator, chodon_officer):
    workflow.submit_draft(varied[5], user=chodon_officer)
    assert_summary_agrees(*personas(administrator, chodon_officer))
    workflow.withdraw(varied[0], user=chodon_officer, reason="Đơn vị không tiếp tục thực hiện")
    assert_summary_agrees(*personas(administrator, chodon_officer))
    draft = make_model(unit("02041"), year=2024, status=Status.DRAFT)
    workflow.delete_draft(draft, user=chodon_officer)
    DvkModel.objects.filter(pk=varied[4].pk).delete()  # the admin's delete
    assert not PlaceFact.objects.filter(model_id__in=[draft.pk, varied[4].pk]).exists()
    assert_summary_agrees(*personas(administrator, chodon_officer))


def test_after_review_decisions(varied, administrator, chodon_officer):
    round_ = make_round(RoundLevel.DISTRICT, "064", year=2024)
    entry = reviews.propose(varied[1], round_, chodon_officer)
    assert_summary_agrees(*personas(administrator, chodon_officer))
    reviews.recognise(entry, chodon_officer, version=entry.version)
    assert_summary_agrees(*personas(administrator, chodon_officer))


def test_after_past_results_recorded_in_bulk_and_taken_back(varied, administrator, chodon_officer):
    past = [
        PastResult(
            model_id=varied[0].pk,
            title=varied[0].title,
            year=2020,
            level=RecognitionLevel.DISTRICT,
            exemplary=True,
            organiser_id=unit("064").pk,
            organiser_name="Huyện Chợ Đồn",
        ),
        PastResult(
            model_id=varied[9].pk,
            title=varied[9].title,
            year=2023,
            level=RecognitionLevel.PROVINCE,
            organiser_id=unit("06").pk,
            organiser_name="Tỉnh Bắc Kạn",
        ),
    ]
    made = record_past_results(past, user=administrator, reason="Nhập từ tệp")
    assert ResultFact.objects.filter(model_id__in=[varied[0].pk, varied[9].pk]).exists()
    assert_summary_agrees(*personas(administrator, chodon_officer))
    remove_past_results(made)
    assert_summary_agrees(*personas(administrator, chodon_officer))


def test_after_a_rounds_year_is_changed_in_the_admin(varied, administrator, chodon_officer):
    admin = site._registry[ReviewRound]
    request = RequestFactory().post("/")
    request.user = administrator
    round_ = ReviewRound.objects.get(year=2023, level=RoundLevel.DISTRICT, organiser=unit("064"))
    round_.year = 2022
    admin.save_model(request, round_, None, change=True)
    assert_summary_agrees(*personas(administrator, chodon_officer))


def test_after_a_bulk_import_and_its_undo(varied, administrator, chodon_officer):
    _plan, batch = import_file(district_list(CHODON_ROWS), user=chodon_officer)
    assert PlaceFact.objects.filter(model__note__isnull=False, year=2023).count() >= 3
    assert_summary_agrees(*personas(administrator, chodon_officer))
    undo_batch(batch, user=administrator)
    assert_summary_agrees(*personas(administrator, chodon_officer))


def test_after_a_criterion_sets_years_are_changed_in_the_admin(
    varied, administrator, chodon_officer
):
    """The years of a set decide which links count for the NTM figures: the admin's save
    rewrites the rows of the models linked to its criteria."""
    admin = site._registry[CriterionSet]
    request = RequestFactory().post("/")
    request.user = administrator
    criterion_set = CriterionSet.objects.get(name="2016-2020")
    form_class = admin.get_form(request, criterion_set, change=True)
    data = {
        "name": criterion_set.name,
        "start_year": criterion_set.start_year,
        "end_year": 2024,
        "note": criterion_set.note,
    }
    form = form_class(data, instance=criterion_set)
    assert form.is_valid(), form.errors
    saved = form.save(commit=False)
    admin.save_model(request, saved, form, change=True)
    admin.save_related(request, form, [], change=True)
    assert CriterionFact.objects.filter(criterion__criterion_set=criterion_set).exists()
    assert_summary_agrees(*personas(administrator, chodon_officer))


def test_after_an_admin_save(varied, administrator, chodon_officer):
    admin = site._registry[DvkModel]
    request = RequestFactory().post("/")
    request.user = administrator
    model = DvkModel.objects.get(pk=varied[1].pk)
    form_class = admin.get_form(request, model, change=True)
    form = form_class(instance=model)
    data = {
        name: form.initial.get(name) for name in form.fields if form.initial.get(name) is not None
    }
    data.update(
        year=2020,
        places=[unit("02041").pk, unit("01891").pk],
        criteria=[criterion("2016-2020", 17).pk],
    )
    form = form_class(data, instance=model)
    assert form.is_valid(), form.errors
    saved = form.save(commit=False)
    admin.save_model(request, saved, form, change=True)
    admin.save_related(request, form, [], change=True)
    assert_summary_agrees(*personas(administrator, chodon_officer))


def test_after_a_village_is_moved_to_another_commune(varied, administrator, chodon_officer):
    """A village put under another commune (a correction of the tree in the territory's
    admin): the models carried out in it cover the commune it is in now."""
    chodon = unit("064")
    village = Unit.objects.filter(
        level=Level.VILLAGE, parent__parent=chodon, valid_from__isnull=True
    ).first()
    commune = village.parent
    other = unit("02041") if commune.code != "02041" else unit("02071")  # Bằng Phúc, Nghĩa Tá
    model = make_model(village, year=2023)
    assert PlaceFact.objects.get(model=model).place_id == commune.pk
    village.parent = other
    village.save()
    assert PlaceFact.objects.get(model=model).place_id == other.pk
    assert_summary_agrees(*personas(administrator, chodon_officer))


def test_after_a_village_is_deleted(varied, administrator, chodon_officer):
    """A village deleted (the territory's admin): the models carried out only there no longer
    cover its commune, nor count among its place rows."""
    village = Unit.objects.filter(
        level=Level.VILLAGE, parent__parent=unit("064"), valid_from__isnull=True
    ).first()
    model = make_model(village, year=2023, places=[village, unit("02071")])
    assert PlaceFact.objects.filter(model=model).count() == 2
    village.delete()
    assert list(PlaceFact.objects.filter(model=model).values_list("place", flat=True)) == [
        unit("02071").pk
    ]
    assert_summary_agrees(*personas(administrator, chodon_officer))


def test_rebuild_statistics_rewrites_the_rows_from_scratch(varied, administrator, chodon_officer):
    # Written around the write functions (as a bulk load does): the rows are stale...
    uncovered = (
        Unit.objects.filter(parent=unit("064"), level=Level.COMMUNE)
        .exclude(pk__in=[unit(code).pk for code in ("02071", "02041", "02050")])
        .first()
    )
    DvkModel.places.through.objects.create(dvkmodel=varied[1], unit=uncovered)
    assert figures(administrator, "064", 2019, 2024) != reference(administrator, "064", 2019, 2024)
    # ...until the command rebuilds them.
    call_command("rebuild_statistics", stdout=mock.Mock())
    assert_summary_agrees(*personas(administrator, chodon_officer))
