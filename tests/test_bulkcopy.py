"""The bulk inserts (danvan.bulkcopy): COPY's text format says exactly what bulk_create would have
written (tabs, line breaks, backslashes, empty text and NULL, JSON), a failing COPY sent from the
writer thread still fails the whole import, and the search text built from folded parts equals
the one DvkModel.refresh_search_fields makes."""

import unicodedata
from datetime import UTC, date, datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from danvan.bulkcopy import copy_writer, encode, encode_column, insert, reserve_ids
from danvan.text import fold
from importer.models import ImportRecord
from importer.workflow import _search_fields
from models_registry.models import Collective, CollectiveKind, DvkModel
from tests.conftest import unit

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY is used on PostgreSQL only"
)

TRICKY = ["a\tb", "dòng 1\ndòng 2\r\n", "C:\\thư mục\\N", "\\N", "", "Hòa – “x”"]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        (TRICKY, DvkModel._meta.get_field("title")),
        (["x", None, "y"], DvkModel._meta.get_field("results")),
        ([1, None, 2], DvkModel._meta.get_field("year")),
        ([3, None], DvkModel._meta.get_field("collective")),
        ([True, False, None], DvkModel._meta.get_field("is_exemplary")),
        ([date(2023, 3, 15), None], DvkModel._meta.get_field("start_date")),
        ([Decimal("12.50"), None], DvkModel._meta.get_field("land_donated_m2")),
        ([{}, {"a": "b\tc", "d": [1, None]}], ImportRecord._meta.get_field("before")),
    ],
)
def test_a_whole_column_is_encoded_as_each_value_is(values, field):
    assert encode_column(values, field) == [encode(v, field) for v in values]


def test_special_characters_are_escaped_and_null_is_distinct_from_empty_text():
    assert encode("a\tb\\c\nd\re") == "a\\tb\\\\c\\nd\\re"
    assert encode(None) == "\\N" and encode("") == "" and encode("\\N") == "\\\\N"
    assert encode(datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)).startswith("2024-01-02")


@postgresql_only
def test_copied_rows_read_back_exactly_with_their_history(db):
    now = timezone.now()
    history = {"user": None, "reason": "Nhập từ tệp thử ngày 01/01/2024"}
    [collective_id] = insert(
        Collective,
        [{"name": "Chi bộ\tthôn \\N", "kind": CollectiveKind.PARTY, "unit_id": unit("064").pk}],
        now=now,
        history=history,
    )
    dicts = [
        {
            "title": title,
            "year": 2023,
            "collective_id": collective_id,
            "unit_id": unit("064").pk,
            "results": title,
            "note": "",
            "start_date": date(2023, 3, 15) if n % 2 else None,
            "is_exemplary": bool(n % 2),
        }
        for n, title in enumerate(TRICKY[:-2] + ["Vận động nhân dân", "x" * 500])
    ]
    with transaction.atomic():
        ids = reserve_ids(DvkModel, len(dicts))
        with copy_writer() as writer:
            returned = insert(DvkModel, dicts, now=now, history=history, ids=ids, writer=writer)
    assert returned == ids == sorted(ids)
    for pk, d in zip(ids, dicts, strict=True):
        model = DvkModel.objects.get(pk=pk)
        assert (model.title, model.results, model.note) == (d["title"], d["title"], "")
        assert model.start_date == d["start_date"] and model.is_exemplary == d["is_exemplary"]
        assert model.created_at == now and model.version == 1
        record = model.history.get()
        assert record.history_type == "+" and record.title == d["title"]
        assert record.history_change_reason == history["reason"]
    assert Collective.objects.get(pk=collective_id).name == "Chi bộ\tthôn \\N"


@postgresql_only
def test_a_copy_that_fails_in_the_writer_thread_fails_the_whole_transaction(db):
    now = timezone.now()
    before = Collective.objects.count()
    # Read before the writer starts: while it sends, this thread must not use the connection
    # (a query here raced the writer's COPY on the same connection and could hang).
    cho_don = unit("064").pk
    with pytest.raises(IntegrityError), transaction.atomic():
        collective_ids = reserve_ids(Collective, 1)
        model_ids = reserve_ids(DvkModel, 1)
        with copy_writer() as writer:
            insert(
                Collective,
                [{"name": "Chi bộ 1", "kind": CollectiveKind.PARTY, "unit_id": cho_don}],
                now=now,
                ids=collective_ids,
                writer=writer,
            )
            # Year 1800 breaks the model_year_plausible check constraint.
            insert(
                DvkModel,
                [
                    {
                        "title": "Sai năm",
                        "year": 1800,
                        "collective_id": collective_ids[0],
                        "unit_id": cho_don,
                    }
                ],
                now=now,
                ids=model_ids,
                writer=writer,
            )
    # Nothing stayed, and the connection answers again.
    assert Collective.objects.count() == before
    assert not DvkModel.objects.filter(title="Sai năm").exists()


pieces = st.one_of(
    st.sampled_from(["Nà Hin", "Đồng Thắng", "x\u0301", "\u0301", "a  b", " Ông Quan "]),
    st.text(
        alphabet=st.sampled_from(list("aAđĐ \u0300\u0301\u0323\u034fÀ𝐀–")), min_size=1, max_size=8
    ),
)


@given(title=pieces, implementer=pieces, places=st.lists(pieces, max_size=2))
@settings(max_examples=200, deadline=None)
def test_the_search_text_from_folded_parts_equals_the_folded_whole(title, implementer, places):
    from danvan.text import clean

    title, implementer = clean(title), clean(implementer)
    places = [clean(p) for p in places]
    row = SimpleNamespace(
        title=title,
        title_key=fold(title),
        implementer_name=implementer,
        implementer_key=fold(implementer),
        place_ids=list(range(len(places))),
    )
    lookups = SimpleNamespace(label=lambda pk: places[pk])
    parts = [title, implementer, *places]
    expected = fold(" | ".join(p for p in parts if p))
    assert _search_fields(row, lookups) == (fold(title), expected)
    nfd = unicodedata.normalize("NFD", expected)
    assert fold(nfd) == expected
