"""The statistics' summary rows (`models_registry.PlaceFact`) give exactly the figures the
registry itself gives: after every kind of write, the page's figures read from them equal the
figures computed from the places, models, units and criteria (`recompute_place_rows`), for the
province across 2019–2026, a province of one year, a district, a commune and a commune across
1/7/2025, for every persona that may open them."""

from unittest import mock

import pytest
from django.contrib.admin.sites import site
from django.core.management import call_command
from django.db.models import Count
from django.test import RequestFactory

from importer.undo import undo_batch
from models_registry import workflow
from models_registry.models import (
    Criterion,
    DvkModel,
    Field,
    PlaceFact,
    RegistrationType,
    Status,
    YearlyProgress,
)
from reviews import workflow as reviews
from reviews.models import EntryState, RoundLevel
from stats.coverage import recompute_place_rows
from stats.figures import statistics
from stats.models import TargetKey
from stats.territory import Period, territory_for
from territory.models import Level, Unit

from . import stats_data
from .factories import make_collective, make_model, unit
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


def reference(user, code, start, end):
    """The same figures, the places read from the registry itself."""
    with mock.patch("stats.coverage.place_rows", recompute_place_rows):
        return figures(user, code, start, end)


def assert_summary_agrees(*personas):
    for user, territories in personas:
        for territory in territories:
            assert figures(user, *territory) == reference(user, *territory), territory


def covered(user, code, start, end):
    rows = reference(user, code, start, end)["coverage"]
    return next(r["achieved"] for r in rows if r["key"] == TargetKey.COMMUNES)


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
    PlaceFact.objects.filter(model=varied[0]).delete()
    assert figures(administrator, "064", 2019, 2019) != reference(administrator, "064", 2019, 2019)


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


def test_after_a_bulk_import_and_its_undo(varied, administrator, chodon_officer):
    _plan, batch = import_file(district_list(CHODON_ROWS), user=chodon_officer)
    assert PlaceFact.objects.filter(model__note__isnull=False, year=2023).count() >= 3
    assert_summary_agrees(*personas(administrator, chodon_officer))
    undo_batch(batch, user=administrator)
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
