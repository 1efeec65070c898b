"""Reads of the contacts app that other apps use (friends)."""

import calendar
import operator
from datetime import date, timedelta
from functools import partial, reduce
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import models
from django.db.models import Case, F, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from common.compiled import BoundPage, CompiledPage, Param, icontains, word_param
from common.filters import ListQuery, filter_q, ordered_by
from common.rows import JsonRows, values_rows
from common.serializers import in_utc
from contacts.filters import NULLS_LAST, SEARCH_FIELDS, ContactFilter
from contacts.models import ContactCount, Friendship
from contacts.models.contacts import Contact


def are_friends(a, b) -> bool:
    """True when users ``a`` and ``b`` (users or ids) are friends."""
    a_id, b_id = getattr(a, "pk", a), getattr(b, "pk", b)
    if a_id == b_id:
        return False
    low, high = Friendship.ordered(a_id, b_id)
    return Friendship.objects.filter(user_low_id=low, user_high_id=high).exists()


def friend_ids(user) -> QuerySet:
    """A subquery-ready queryset of the ids of ``user``'s friends."""
    user_id = getattr(user, "pk", user)
    other = Case(When(user_low_id=user_id, then=F("user_high_id")), default=F("user_low_id"))
    return friendships_of(user_id).annotate(friend_id=other).values("friend_id")


def friendships_of(user) -> QuerySet:
    user_id = getattr(user, "pk", user)
    return Friendship.objects.filter(Q(user_low_id=user_id) | Q(user_high_id=user_id))


# --- address book (API.md §3) -------------------------------------------------------

# Upcoming birthdays are ordered by a sort key computed in the database: the next
# birthday's month * 100 + day, plus NEXT_YEAR when it falls in the next calendar year.
NEXT_YEAR = 10000
FEB_29 = 229
FEB_28 = 228


def contact_list(*, user) -> QuerySet:
    """``user``'s contacts. The list reads them as rows (:func:`contact_rows`); other
    pages of them get their group ids from one more query (see
    :func:`group_ids_by_contact` and ``ContactListSerializer``), whatever their size."""
    return Contact.objects.filter(owner=user)


# ``groups.Membership``, reached through its reverse relation so that the import keeps
# pointing from groups to contacts (see :func:`group_ids_by_contact`).
_Membership = Contact._meta.get_field("group_memberships").related_model

# The columns of a contact list row, in the order
# ``contacts.serializers.contact_row_representation`` unpacks them.
CONTACT_ROW_FIELDS = (
    "id",
    "first_name",
    "last_name",
    "email",
    "phone",
    "mobile",
    "company",
    "address",
    "birthday",
    "relationship",
    "notes",
    "photo",
    "linked_user_id",
    "created_at",
    "updated_at",
    "group_ids",
)

# [group id, ...] ascending
_GROUP_IDS = JsonRows(
    lambda contact: _Membership.objects.filter(contact=contact).order_by("group_id"), "group_id"
)


def contact_rows(contacts: QuerySet[Contact], *, utc_text: bool = False) -> QuerySet:
    """``contacts`` (filtered and ordered) as ``CONTACT_ROW_FIELDS`` tuples: a page in one
    query, each contact's group ids a JSON list from a correlated subquery; with
    ``utc_text``, ``created_at`` and ``updated_at`` as DRF's text in UTC (``UtcIsoText``,
    while the API answers in UTC), else datetimes."""
    rows = contacts.annotate(group_ids=_GROUP_IDS)
    return values_rows(rows, CONTACT_ROW_FIELDS, utc_text, _DATETIMES)


_DATETIMES = ("created_at", "updated_at")


_OWNER = Contact._meta.get_field("owner").target_field


def _contact_list(shape: tuple) -> QuerySet[Contact]:
    """The ``user`` placeholder's contacts as a list of this shape (``ListQuery.shape``)
    shows them: filtered, searched (every word in some field) and ordered."""
    filters, words, ordering = shape
    contacts = Contact.objects.filter(owner_id=Param("user", _OWNER))
    contacts = contacts.filter(filter_q(ContactFilter, filters))
    if words:
        matches = (
            reduce(operator.or_, (icontains(field, word_param(i)) for field in SEARCH_FIELDS))
            for i in range(words)
        )
        contacts = contacts.filter(reduce(operator.and_, matches))
    return contacts.order_by(*ordered_by(ordering, NULLS_LAST))


def _stored_count(shape: tuple) -> Coalesce | None:
    """The count of the unfiltered list, kept by the database (``ContactCount``): read by
    key, where counting the rows would walk every contact of the owner."""
    filters, words, _ = shape
    if filters or words:
        return None
    stored = ContactCount.objects.filter(owner_id=Param("user", _OWNER)).values("count")
    return Coalesce(Subquery(stored), 0)


# Pages of the contact list (filtered, searched, ordered, counted, as contact_rows), with
# the datetimes as text (True: the API answers in UTC) or as datetimes (False).
_CONTACT_PAGES = {
    utc_text: CompiledPage(_contact_list, partial(contact_rows, utc_text=utc_text), _stored_count)
    for utc_text in (False, True)
}


def contact_pages(*, user, query: ListQuery) -> BoundPage:
    """Pages of ``user``'s contacts as ``query`` asks for them, as ``contact_rows``
    (their datetimes as text while the API answers in UTC)."""
    return _CONTACT_PAGES[in_utc()].bind(query.shape, {"user": user.pk, **query.values})


def group_ids_by_contact(contact_ids: list[int]) -> dict[int, list[int]]:
    """``{contact id: ascending ids of its groups}`` for the contacts that are in any
    group, in one query of the membership rows (no group or contact rows loaded).

    ``group_memberships`` is the reverse side of ``groups.Membership.contact``; naming it
    here keeps the import pointing from groups to contacts, never back.
    """
    rows = (
        Contact.objects.filter(pk__in=contact_ids, group_memberships__isnull=False)
        .order_by("group_memberships__group_id")
        .values_list("pk", "group_memberships__group_id")
    )
    groups: dict[int, list[int]] = {}
    for contact_id, group_id in rows:
        groups.setdefault(contact_id, []).append(group_id)
    return groups


def contact_get_owned(*, user, contact_id) -> Contact | None:
    """``user``'s contact with this id, or None when it doesn't exist or isn't theirs."""
    return Contact.objects.filter(owner=user, pk=contact_id).first()


def today_for(user) -> date:
    """Today's date in ``user``'s timezone (UTC when their timezone is unknown)."""
    try:
        zone = ZoneInfo(user.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return timezone.now().astimezone(zone).date()


def birthday_in_year(birthday: date, year: int) -> date:
    """The day ``birthday`` is celebrated in ``year``: 29 February is 28 February in
    non-leap years."""
    if birthday.month == 2 and birthday.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return birthday.replace(year=year)


def next_birthday(birthday: date, today: date) -> date:
    """The first day on or after ``today`` that celebrates ``birthday``."""
    this_year = birthday_in_year(birthday, today.year)
    return this_year if this_year >= today else birthday_in_year(birthday, today.year + 1)


def birthday_sort_key(day: date, today: date) -> int:
    """The sort key of a celebration day that lies in ``today``'s year or the next."""
    return (day.year - today.year) * NEXT_YEAR + day.month * 100 + day.day


def birthday_from_sort_key(key: int, today: date) -> date:
    """Inverse of :func:`birthday_sort_key`."""
    years, month_day = divmod(key, NEXT_YEAR)
    month, day = divmod(month_day, 100)
    return date(today.year + years, month, day)


def _celebrated_month_day(year: int):
    """SQL: the month * 100 + day a birthday is celebrated on in ``year``."""
    if calendar.isleap(year):
        return F("birthday_md")
    return Case(
        When(birthday_md=FEB_29, then=models.Value(FEB_28)),
        default=F("birthday_md"),
        output_field=models.IntegerField(),
    )


def _month_day_window(today: date, end: date) -> Q:
    """The stored month-days (``birthday_md``) celebrated from ``today`` to ``end``.

    One range per calendar year the window touches (366 days from 31 December can reach
    1 January two years on); where a non-leap year's range reaches 28 February it takes
    in 29 February.
    """
    window = Q()
    low = _month_day(today)
    for year in range(today.year, end.year + 1):
        high = _month_day(end) if year == end.year else 1231
        if not calendar.isleap(year) and low <= FEB_28 <= high:
            high = max(high, FEB_29)
        window |= Q(birthday_md__gte=low, birthday_md__lte=high)
        low = 101
    return window


def _month_day(day: date) -> int:
    return day.month * 100 + day.day


def upcoming_birthdays(*, user, today: date, days: int) -> QuerySet:
    """``user``'s contacts whose next birthday is within ``today`` .. ``today + days``.

    Filtered through the ``(owner, birthday_md)`` index and ordered in the database
    (next birthday, then name); each row carries ``birthday_key`` (see
    :func:`birthday_from_sort_key`). Every contact appears once, at its next birthday
    (at most a year away, so in this calendar year or the next); 29 February birthdays
    count on 28 February in non-leap years.
    """
    window = _month_day_window(today, today + timedelta(days=days))
    next_key = Case(
        When(birthday_md__gte=_month_day(today), then=_celebrated_month_day(today.year)),
        default=_celebrated_month_day(today.year + 1) + NEXT_YEAR,
        output_field=models.IntegerField(),
    )
    return (
        contact_list(user=user)
        .filter(window)
        .annotate(birthday_key=next_key)
        .order_by("birthday_key", "first_name", "last_name", "id")
    )
