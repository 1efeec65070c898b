import calendar
import datetime
from unittest import mock

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from common.codes import Code
from contacts import selectors
from tests.contacts.factories import ContactFactory
from tests.groups.factories import GroupFactory, MembershipFactory

URL = reverse("api:contacts-upcoming-birthdays")
D = datetime.date


def celebrated_on(birthday: datetime.date, day: datetime.date) -> bool:
    """The oracle's rule: the same month and day, and 29 February on 28 February of
    non-leap years."""
    if (birthday.month, birthday.day) == (day.month, day.day):
        return True
    return (
        (birthday.month, birthday.day) == (2, 29)
        and not calendar.isleap(day.year)
        and (day.month, day.day) == (2, 28)
    )


def brute_force_next(birthday: datetime.date, today: datetime.date, days: int):
    """The first day of today .. today + days celebrating ``birthday``, day by day."""
    for offset in range(days + 1):
        day = today + datetime.timedelta(days=offset)
        if celebrated_on(birthday, day):
            return day
    return None


def frozen_now(value: datetime.datetime):
    return mock.patch("django.utils.timezone.now", return_value=value)


def at_noon_utc(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, 12, tzinfo=datetime.UTC)


# --- the pure rules ---------------------------------------------------------------------

birthdays = st.dates(min_value=D(1904, 1, 1), max_value=D(2024, 12, 31))
todays = st.dates(min_value=D(1999, 1, 1), max_value=D(2101, 12, 31))


@given(birthday=birthdays, today=todays)
def test_next_birthday_matches_a_day_by_day_search(birthday, today):
    assert selectors.next_birthday(birthday, today) == brute_force_next(birthday, today, 366)


@given(day=st.dates(min_value=D(1999, 1, 1), max_value=D(2100, 12, 31)), today=todays)
@example(day=D(2000, 2, 29), today=D(2028, 1, 1))
def test_sort_keys_round_trip(day, today):
    year = today.year + (day.year % 2)
    assume((day.month, day.day) != (2, 29) or calendar.isleap(year))
    day = day.replace(year=year)
    key = selectors.birthday_sort_key(day, today)
    assert selectors.birthday_from_sort_key(key, today) == day


def test_29_february_is_28_february_in_non_leap_years():
    assert selectors.birthday_in_year(D(1992, 2, 29), 2027) == D(2027, 2, 28)
    assert selectors.birthday_in_year(D(1992, 2, 29), 2028) == D(2028, 2, 29)
    assert selectors.birthday_in_year(D(1992, 3, 1), 2027) == D(2027, 3, 1)


def test_today_is_taken_in_the_users_timezone(alice):
    now = datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC)
    with frozen_now(now):
        alice.timezone = "Pacific/Kiritimati"  # UTC+14
        assert selectors.today_for(alice) == D(2026, 6, 2)
        alice.timezone = "America/Los_Angeles"
        assert selectors.today_for(alice) == D(2026, 6, 1)
        alice.timezone = "Not/AZone"
        assert selectors.today_for(alice) == D(2026, 6, 1)


# --- the database query against the oracle --------------------------------------------------


@pytest.fixture
def a_contact_for_every_day(alice, bob):
    """One contact of alice per day of a leap year (years vary), a same-day name tie,
    one without a birthday and one of bob's."""
    contacts = []
    for offset in range(366):
        day = D(2000, 1, 1) + datetime.timedelta(days=offset)
        born = day.replace(year=1950 + offset % 60) if day != D(2000, 2, 29) else D(1996, 2, 29)
        contacts.append(ContactFactory(owner=alice, first_name=f"P{offset:03d}", birthday=born))
    contacts.append(ContactFactory(owner=alice, first_name="A-first", birthday=D(1980, 2, 28)))
    ContactFactory(owner=alice, first_name="Nobody", birthday=None)
    ContactFactory(owner=bob, first_name="Bobs", birthday=D(1980, 2, 28))
    return contacts


def expected_ids(contacts, today, days):
    rows = []
    for contact in contacts:
        day = brute_force_next(contact.birthday, today, days)
        if day is not None:
            rows.append((day, contact.first_name, contact.last_name, contact.pk))
    return [(row[3], row[0]) for row in sorted(rows)]


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    today=st.one_of(
        st.sampled_from(
            [
                D(2027, 2, 28),
                D(2028, 2, 28),
                D(2028, 2, 29),
                D(2027, 3, 1),
                D(2026, 12, 31),
                D(2026, 12, 20),
                D(2027, 1, 1),
            ]
        ),
        st.dates(min_value=D(2020, 1, 1), max_value=D(2040, 12, 31)),
    ),
    days=st.one_of(st.sampled_from([1, 30, 365, 366]), st.integers(1, 366)),
)
@example(today=D(2026, 12, 31), days=366)  # reaches 1 January 2028
@example(today=D(2027, 12, 31), days=366)
@example(today=D(2027, 2, 28), days=1)
@example(today=D(2028, 2, 28), days=1)
@example(today=D(2028, 2, 29), days=365)
def test_the_query_matches_the_oracle(alice, a_contact_for_every_day, today, days):
    found = [
        (contact.pk, selectors.birthday_from_sort_key(contact.birthday_key, today))
        for contact in selectors.upcoming_birthdays(user=alice, today=today, days=days)
    ]

    assert found == expected_ids(a_contact_for_every_day, today, days)


# --- the endpoint ---------------------------------------------------------------------------


def upcoming(client, today: datetime.date, **params):
    with frozen_now(at_noon_utc(today)):
        return client.get(URL, params)


def rows(response) -> list[tuple[str, str, int | None]]:
    return [
        (r["first_name"], r["next_birthday"], r["turns"])
        for r in response.json()["data"]["results"]
    ]


@pytest.mark.django_db
def test_it_lists_birthdays_across_the_year_boundary(alice_client, alice):
    ContactFactory(owner=alice, first_name="Newyear", birthday=D(1985, 1, 5))
    ContactFactory(owner=alice, first_name="Xmas", birthday=D(1990, 12, 25))
    ContactFactory(owner=alice, first_name="Yesterday", birthday=D(1970, 12, 19))
    ContactFactory(owner=alice, first_name="Far", birthday=D(1970, 3, 1))

    response = upcoming(alice_client, D(2026, 12, 20), days=30)

    assert response.status_code == 200
    assert response.json()["code"] == Code.UPCOMING_BIRTHDAYS_LISTED
    assert rows(response) == [("Xmas", "2026-12-25", 36), ("Newyear", "2027-01-05", 42)]
    assert response.json()["data"]["count"] == 2


@pytest.mark.django_db
def test_29_february_shows_on_28_february_in_non_leap_years(alice_client, alice):
    ContactFactory(owner=alice, first_name="Leap", birthday=D(1992, 2, 29))
    ContactFactory(owner=alice, first_name="Eve", birthday=D(1990, 2, 28))
    ContactFactory(owner=alice, first_name="March", birthday=D(1990, 3, 1))

    non_leap = upcoming(alice_client, D(2027, 2, 20), days=10)
    assert rows(non_leap) == [
        ("Eve", "2027-02-28", 37),
        ("Leap", "2027-02-28", 35),
        ("March", "2027-03-01", 37),
    ]

    leap = upcoming(alice_client, D(2028, 2, 20), days=10)
    assert rows(leap) == [
        ("Eve", "2028-02-28", 38),
        ("Leap", "2028-02-29", 36),
        ("March", "2028-03-01", 38),
    ]

    on_the_28th = upcoming(alice_client, D(2027, 2, 28), days=1)
    assert rows(on_the_28th) == [
        ("Eve", "2027-02-28", 37),
        ("Leap", "2027-02-28", 35),
        ("March", "2027-03-01", 37),
    ]


@pytest.mark.django_db
def test_the_window_runs_from_today_to_today_plus_days(alice_client, alice):
    today = D(2026, 6, 10)
    for offset in (-1, 0, 5, 6, 30, 31):
        day = today + datetime.timedelta(days=offset)
        ContactFactory(owner=alice, first_name=f"D{offset:+03d}", birthday=day.replace(year=1980))

    assert [r[0] for r in rows(upcoming(alice_client, today, days=5))] == ["D+00", "D+05"]
    assert [r[0] for r in rows(upcoming(alice_client, today))] == ["D+00", "D+05", "D+06", "D+30"]
    assert rows(upcoming(alice_client, today, days=1))[0] == ("D+00", "2026-06-10", 46)


@pytest.mark.django_db
def test_366_days_shows_every_contact_with_a_birthday_once(alice_client, alice, bob):
    ContactFactory.create_batch(5, owner=alice)
    ContactFactory(owner=alice, birthday=None)
    ContactFactory(owner=bob)

    response = upcoming(alice_client, D(2027, 1, 1), days=366)

    assert response.json()["data"]["count"] == 5


@pytest.mark.django_db
def test_today_comes_from_the_users_timezone(alice_client, alice):
    ContactFactory(owner=alice, first_name="June1", birthday=D(1990, 6, 1))
    ContactFactory(owner=alice, first_name="June2", birthday=D(1990, 6, 2))
    now = datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC)

    with frozen_now(now):
        in_utc = alice_client.get(URL, {"days": 1})
        alice.timezone = "Pacific/Kiritimati"  # already 2 June there
        alice.save()
        in_kiritimati = alice_client.get(URL, {"days": 1})

    assert [r[0] for r in rows(in_utc)] == ["June1", "June2"]
    assert rows(in_kiritimati) == [("June2", "2026-06-02", 36)]  # 1 June has passed there


@pytest.mark.django_db
def test_items_are_contacts_with_next_birthday_and_turns(alice_client, alice):
    contact = ContactFactory(owner=alice, birthday=D(1990, 6, 12))
    group = GroupFactory(owner=alice)
    MembershipFactory(group=group, contact=contact)

    item = upcoming(alice_client, D(2026, 6, 10)).json()["data"]["results"][0]

    assert item["id"] == contact.pk
    assert item["groups"] == [group.pk]
    assert item["birthday"] == "1990-06-12"
    assert item["next_birthday"] == "2026-06-12"
    assert item["turns"] == 36


@pytest.mark.django_db
def test_it_never_shows_other_users_contacts(bob_client, alice, bob):
    ContactFactory(owner=alice, birthday=D(1990, 6, 12))

    assert upcoming(bob_client, D(2026, 6, 10)).json()["data"]["count"] == 0


@pytest.mark.django_db
@pytest.mark.parametrize("days", ["0", "367", "-3", "abc", "1.5", "1e3"])
def test_invalid_days_answers_400(alice_client, days):
    response = alice_client.get(URL, {"days": days})

    assert response.status_code == 400
    assert response.json()["code"] == Code.UPCOMING_BIRTHDAYS_FAILED
    assert "days" in response.json()["errors"]


@pytest.mark.django_db
def test_anonymous_gets_401(api_client):
    response = api_client.get(URL)

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID


@pytest.mark.django_db
def test_it_costs_the_same_queries_at_1_and_50_rows(alice_client, alice, django_assert_num_queries):
    today = D(2026, 6, 10)
    group = GroupFactory(owner=alice)

    def add(count):
        for i in range(count):
            contact = ContactFactory(owner=alice, birthday=D(1990, 6, 11 + i % 10))
            MembershipFactory(group=group, contact=contact)

    add(1)
    # 1 the user of the token, 2 the page of contacts with the count, 3 their groups
    with frozen_now(at_noon_utc(today)), django_assert_num_queries(3):
        response = alice_client.get(URL, {"page_size": 100})
    assert response.json()["data"]["count"] == 1

    add(49)
    with frozen_now(at_noon_utc(today)), django_assert_num_queries(3):
        response = alice_client.get(URL, {"page_size": 100})
    assert len(response.json()["data"]["results"]) == 50
