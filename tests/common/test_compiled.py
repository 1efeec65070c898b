"""Queries compiled once and run again with new values give what the ORM gives."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db.models.expressions import RawSQL

from accounts.models import User
from calendars.models import Event
from common.compiled import CompiledQuery, Param, ParamList
from tests.calendars.factories import EventFactory

pytestmark = pytest.mark.django_db

START = Event._meta.get_field("start")


def _owned(shape: bool):
    """Events of the ``owner`` placeholder, from ``since`` when ``shape`` says so;
    ordered by a column it does not select (Django adds it to the SELECT)."""
    events = Event.objects.filter(owner_id=Param("owner", User._meta.pk))
    if shape:
        events = events.filter(start__gte=Param("since", START))
    return events.order_by("-start", "id").values_list("id", "end", "all_day")


OWNED = CompiledQuery(_owned)


@pytest.fixture
def events(alice, bob):
    base = datetime(2026, 11, 1, 8, 30, 15, 250000, tzinfo=UTC)
    return [
        EventFactory(owner=owner, start=base + timedelta(days=i), all_day=i % 3 == 0)
        for i in range(6)
        for owner in (alice, bob)
    ]


def orm(owner: User, since: datetime | None) -> list[tuple]:
    events = Event.objects.filter(owner=owner)
    if since is not None:
        events = events.filter(start__gte=since)
    return list(events.order_by("-start", "id").values_list("id", "end", "all_day"))


def test_rows_equal_the_orms_for_any_values_and_shape(events, alice, bob):
    since = datetime(2026, 11, 3, tzinfo=UTC)
    for owner in (alice, bob, alice):
        assert OWNED.rows(False, {"owner": owner.pk}) == orm(owner, None)
        assert OWNED.rows(True, {"owner": owner.pk, "since": since}) == orm(owner, since)


def test_values_come_converted_as_from_the_orm(events, alice):
    (pk, end, all_day), *_ = OWNED.rows(False, {"owner": alice.pk})

    assert isinstance(end, datetime) and end.tzinfo is UTC
    assert isinstance(all_day, bool)
    assert end == Event.objects.get(pk=pk).end


def test_limit_offset_and_count(events, alice):
    every = orm(alice, None)

    assert OWNED.rows(False, {"owner": alice.pk}, limit=2, offset=3) == every[3:5]
    assert OWNED.count(False, {"owner": alice.pk}) == len(every) == 6
    assert OWNED.count(True, {"owner": alice.pk, "since": datetime(2030, 1, 1, tzinfo=UTC)}) == 0


def test_a_shape_is_built_and_compiled_once(events, alice, bob):
    built = []
    query = CompiledQuery(lambda shape: built.append(shape) or _owned(shape))
    since = datetime(2026, 11, 3, tzinfo=UTC)

    for owner in (alice, bob):
        query.rows(False, {"owner": owner.pk})
        query.rows(True, {"owner": owner.pk, "since": since})
        query.count(True, {"owner": owner.pk, "since": since})

    assert built == [False, True, True]  # the count compiles its own variant


def test_a_nested_query_binds_its_placeholders_with_the_outer_ones(events, alice):
    inner_sql, inner_params = OWNED.subquery(True, sliced=True)
    outer = CompiledQuery(
        lambda shape: (
            Event.objects.filter(
                id__in=RawSQL(f"SELECT U.id FROM ({inner_sql}) U", inner_params),  # noqa: S608, S611
                name__startswith=Param("prefix", Event._meta.get_field("name")),
            )
            .order_by("id")
            .values_list("id")
        )
    )
    since = datetime(2026, 11, 2, tzinfo=UTC)
    values = {"owner": alice.pk, "since": since, "limit": 2, "offset": 1, "prefix": "Event"}

    expected = sorted(pk for pk, _, _ in orm(alice, since)[1:3])
    assert [pk for (pk,) in outer.rows(None, values)] == expected


def test_a_list_of_values_fills_an_in_with_as_many_placeholders(events, alice, bob):
    built = []
    owned = CompiledQuery(
        lambda length: (
            built.append(length)
            or (
                Event.objects.filter(owner_id__in=ParamList("owners", User._meta.pk, length))
                .order_by("id")
                .values_list("id")
            )
        )
    )

    def ids(*owners: User) -> list[int]:
        return [pk for (pk,) in owned.rows(len(owners), {"owners": [u.pk for u in owners]})]

    assert ids(alice) == sorted(e.pk for e in events if e.owner == alice)
    assert ids(bob, alice) == sorted(e.pk for e in events)
    assert ids(bob) == sorted(e.pk for e in events if e.owner == bob)
    assert built == [1, 2]


def test_a_sliced_subquery_binds_its_limit_and_offset(events, alice):
    inner_sql, inner_params = OWNED.subquery(False, sliced=True)
    outer = CompiledQuery(
        lambda shape: (
            Event.objects.filter(
                id__in=RawSQL(f"SELECT U.id FROM ({inner_sql}) U", inner_params)  # noqa: S608, S611
            )
            .order_by("-start", "id")
            .values_list("id", "end", "all_day")
        )
    )
    every = orm(alice, None)

    for limit, offset in [(2, 0), (3, 2), (10, 5), (1, 6)]:
        values = {"owner": alice.pk, "limit": limit, "offset": offset}
        assert outer.rows(None, values) == every[offset : offset + limit]
