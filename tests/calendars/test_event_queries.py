"""The lists' and the month view's query parameters read without their serializers
(``calendars.event_queries``) answer exactly as the serializers do: the same values, or
the same errors."""

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from calendars import event_queries
from calendars.event_queries import (
    EventWindowQuerySerializer,
    MonthQuerySerializer,
    month_query,
    window_query,
)
from tests.accounts.factories import UserFactory

ZONES = ["UTC", "Asia/Tehran", "America/New_York", "Pacific/Kiritimati", "Nowhere/Else"]
# Values near the valid ones: numbers in and out of range and written in other ways
# DRF's IntegerField reads (signs, "5.0", spaces, other scripts' digits), dates and
# datetimes (with and without offsets, in other ISO forms, out of range), and junk.
NUMBERS = ["", "0", "1", "05", "12", "13", "+3", "-1", "3.0", "3.5", " 7", "1_0", "٣", "²"]
YEARS = ["999", "1000", "2026", "02026", "9998", "9999", "99999", "9" * 5000]
MOMENTS = [
    "2026-11-22",
    "2026-2-3",
    "20261122",
    "2026-W47-7",
    "2026-02-30",
    "0999-12-31",
    "9998-12-31",
    "9999-01-01",
    "2026-11-22T10:00",
    "2026-11-22T10:00:00.5Z",
    "2026-11-22 23:59:59+03:30",
    "2026-11-22T25:00:00Z",
    "9998-12-31T23:00:00-05:00",
    "tomorrow",
    "",
]

numbers = st.one_of(
    st.sampled_from(NUMBERS + YEARS),
    st.integers(-20, 10_050).map(str),
    st.text("0123456789 .+-_", max_size=6),
)
moments = st.one_of(
    st.sampled_from(MOMENTS),
    st.dates().map(str),
    st.datetimes().map(lambda d: d.isoformat()),
    st.text("0123456789-:TZ+ .", max_size=20),
)


def _request(params: dict, zone: str) -> Request:
    request = Request(APIRequestFactory().get("/api/v1/events/", params))
    request.user = UserFactory.build(timezone=zone)
    return request


def _outcome(read):
    try:
        return "valid", read()
    except ValidationError as error:
        return "invalid", error.detail


def _serializer(serializer_class, request):
    query = serializer_class(data=request.query_params, context={"request": request})
    query.is_valid(raise_exception=True)
    return query.validated_data


@settings(max_examples=300, deadline=None)
@given(
    year=st.none() | numbers,
    month=st.none() | numbers,
    zone=st.sampled_from(ZONES),
)
@example(year="2026", month="11", zone="UTC")
@example(year="9" * 5000, month="1", zone="UTC")
def test_the_month_is_read_as_its_serializer_reads_it(year, month, zone):
    params = {k: v for k, v in {"year": year, "month": month}.items() if v is not None}
    request = _request(params, zone)

    def slow():
        data = _serializer(MonthQuerySerializer, request)
        return data["year"], data["month"]

    assert _outcome(lambda: month_query(request)) == _outcome(slow)


@settings(max_examples=400, deadline=None)
@given(
    day=st.none() | moments,
    start=st.none() | moments,
    end=st.none() | moments,
    zone=st.sampled_from(ZONES),
)
@example(day="2026-11-22", start=None, end=None, zone="Asia/Tehran")
@example(day="2026-11-22", start="2026-11-22", end=None, zone="UTC")
@example(day=None, start="2026-11-23", end="2026-11-22", zone="UTC")
@example(day=None, start="2026-11-22", end="2026-11-22", zone="UTC")
@example(day=None, start="2026-11-22T10:00", end="2026-11-22T10:00", zone="UTC")
def test_the_window_is_read_as_its_serializer_reads_it(day, start, end, zone):
    params = {"date": day, "start": start, "end": end, "page": "2"}
    request = _request({k: v for k, v in params.items() if v is not None}, zone)

    def slow():
        return _serializer(EventWindowQuerySerializer, request)["window"]

    assert _outcome(lambda: window_query(request)) == _outcome(slow)


@pytest.mark.parametrize(
    "read, params",
    [
        (month_query, {}),
        (month_query, {"year": "2026", "month": "11"}),
        (month_query, {"year": "", "month": "1"}),
        (window_query, {}),
        (window_query, {"date": "2026-11-22"}),
        (window_query, {"start": "2026-11-01", "end": "2026-11-30T12:00:00+01:00"}),
    ],
)
def test_well_formed_queries_need_no_serializer(monkeypatch, read, params):
    def refuse(*args):
        raise AssertionError("the serializer was used")

    monkeypatch.setattr(event_queries, "_validated", refuse)

    read(_request(params, "Europe/Berlin"))


def test_the_last_of_repeated_parameters_counts_as_for_the_serializer():
    request = Request(APIRequestFactory().get("/api/v1/events/month/?month=13&month=2"))
    request.user = UserFactory.build(timezone="UTC")

    assert month_query(request)[1] == 2
