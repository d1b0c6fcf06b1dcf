"""Figures typed the Vietnamese way ("120.000.000", "1.500,5") are saved as meant and shown back
in that form, on every number input of the registry and reviews forms."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from danvan.forms import NumberField, format_number, parse_number
from models_registry.forms import ProgressForm, RegistryModelForm
from models_registry.models import DvkModel, YearlyProgress
from reviews.forms import ScoreForm
from reviews.models import RubricCriterion
from tests import test_registry_views
from tests.factories import make_collective, unit
from tests.test_registry_views import form_data

# District officers at work: before 1/7/2025 (tests/conftest.py `district_era`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("district_era")]
babe_model = test_registry_views.babe_model


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("120.000.000", Decimal(120000000)),
        ("1.234.567", Decimal(1234567)),
        ("1.250", Decimal(1250)),
        ("1.500,5", Decimal("1500.5")),
        ("1500,5", Decimal("1500.5")),
        ("1500", Decimal(1500)),
        (" 12 500 000 ", Decimal(12500000)),
        ("7.5", Decimal("7.5")),
        ("0", Decimal(0)),
    ],
)
def test_vietnamese_figures_are_read_as_meant(typed, meant):
    assert parse_number(typed) == meant


@pytest.mark.parametrize("typed", ["abc", "1.23.4", "1,2,3", "12.34.567", "1.000,", ",5", "--1"])
def test_what_cannot_be_read_is_refused(typed):
    assert parse_number(typed) is None


@given(st.integers(min_value=0, max_value=10**15))
def test_whole_numbers_round_trip(number):
    shown = format_number(number)
    assert parse_number(shown) == number
    assert NumberField().clean(shown) == number


@given(st.decimals(min_value=0, max_value=10**10, places=1, allow_nan=False))
def test_decimals_round_trip(number):
    field = NumberField(decimal_places=1, max_digits=12)
    assert field.clean(format_number(number, 1)) == number


def test_numbers_are_written_with_dots_and_a_decimal_comma():
    assert format_number(120000000) == "120.000.000"
    assert format_number(Decimal("1500.5"), 1) == "1.500,5"
    assert format_number(Decimal("1250.0"), 1) == "1.250"


def test_a_number_too_long_for_the_database_is_refused_not_saved(babe_client, babe_model):
    page = babe_client.post(
        f"/mo-hinh/{babe_model.pk}/ket-qua/them/",
        {"year": 2024, "activities": "Làm đường", "households_mobilised": "9" * 40},
    ).content.decode()
    assert "Giá trị phải nhỏ hơn hoặc bằng" in page
    assert not YearlyProgress.objects.exists()


def test_the_refusal_is_in_vietnamese():
    field = NumberField(min_value=0)
    with pytest.raises(Exception) as refused:
        field.clean("một trăm")
    assert "không đọc được là một số" in str(refused.value)
    with pytest.raises(Exception) as fraction:
        field.clean("1,5")
    assert "Ghi số nguyên" in str(fraction.value)


def test_every_figure_of_the_registry_and_score_forms_uses_the_one_field(babe_officer):
    form = RegistryModelForm(user=babe_officer)
    for name in [
        "households_mobilised",
        "land_donated_m2",
        "money_contributed",
        "workdays_contributed",
    ]:
        assert isinstance(form.fields[name], NumberField), name
    progress = ProgressForm()
    for name in ["households_mobilised", "money_contributed", "workdays_contributed"]:
        assert isinstance(progress.fields[name], NumberField), name
    criterion = RubricCriterion.objects.first()
    score = ScoreForm(criteria=[criterion])
    assert isinstance(score.fields[f"c_{criterion.pk}"], NumberField)
    assert score.fields[f"c_{criterion.pk}"].clean("7,5") == Decimal("7.50")


def test_money_and_land_typed_with_dots_are_saved_and_shown_back(babe_client):
    collective = make_collective(unit("01894"))
    response = babe_client.post(
        "/mo-hinh/them/",
        form_data(
            collective=collective.pk,
            money_contributed="120.000.000",
            land_donated_m2="1.250",
            workdays_contributed="1.500",
            households_mobilised="85",
            luu_nhap="1",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    model = DvkModel.objects.get()
    assert model.money_contributed == 120_000_000
    assert model.land_donated_m2 == Decimal("1250.0")
    assert model.workdays_contributed == 1500
    page = babe_client.get(f"/mo-hinh/{model.pk}/sua/").content.decode()
    assert 'value="120.000.000"' in page and 'value="1.250"' in page


def test_land_with_a_decimal_comma_and_a_bad_figure_keeps_the_typing(babe_client):
    collective = make_collective(unit("01894"))
    page = babe_client.post(
        "/mo-hinh/them/",
        form_data(
            collective=collective.pk,
            land_donated_m2="1.500,5",
            money_contributed="mười triệu",
            luu_nhap="1",
        ),
    ).content.decode()
    assert not DvkModel.objects.exists()
    assert "“mười triệu” không đọc được là một số" in page
    assert 'value="1.500,5"' in page


def test_yearly_progress_money_with_dots(babe_client, babe_model):
    response = babe_client.post(
        f"/mo-hinh/{babe_model.pk}/ket-qua/them/",
        {"year": 2024, "activities": "Làm đường", "money_contributed": "12.500.000"},
    )
    assert response.status_code == 302
    assert YearlyProgress.objects.get().money_contributed == 12_500_000


def test_a_decimal_with_forty_digits_is_refused_in_vietnamese():
    # It used to end in decimal.InvalidOperation (a 500 on the model form).
    field = NumberField(decimal_places=1, max_digits=12)
    with pytest.raises(ValidationError, match="Số quá lớn"):
        field.clean("1" + "0" * 40)


def test_a_model_s_range_check_is_said_with_the_number_inputs_words():
    """A model field's own range validator (an integer column's limits on PostgreSQL) reports
    under the same codes: the input's message must be filled from its parameters, not fail."""
    field = NumberField(min_value=0)
    error = ValidationError(
        field.error_messages["max_value"],
        code="max_value",
        params={"limit_value": 2147483647, "show_value": 3000000000, "value": 3000000000},
    )
    assert error.messages == ["Giá trị phải nhỏ hơn hoặc bằng 2147483647."]
    with pytest.raises(ValidationError) as refused:
        field.clean("-5")
    assert refused.value.messages == ["Giá trị phải lớn hơn hoặc bằng 0."]


def test_the_admin_keeps_a_model_s_own_words_for_its_limits(admin_client):
    from stats.models import CoverageTarget, TargetKey

    target = CoverageTarget.objects.get(key=TargetKey.COMMUNES)
    url = f"/quan-tri/stats/coveragetarget/{target.pk}/change/"
    response = admin_client.post(url, {"percent": "120,5", "source": "Đề án 06"})
    assert "Tỷ lệ phấn đấu không được lớn hơn 100%." in response.content.decode()
