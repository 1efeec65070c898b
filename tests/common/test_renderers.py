"""The envelope renderer's orjson encoding writes what DRF's JSONRenderer writes."""

import datetime
import decimal
import uuid
from zoneinfo import ZoneInfo

import orjson
import pytest
from django.urls import reverse
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import ErrorDetail
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from common.renderers import EnvelopeJSONRenderer

TEHRAN = ZoneInfo("Asia/Tehran")

PAYLOADS = {
    "scalars": [None, True, False, 0, -1, 2**63 - 1, "", "plain", 4.67, 0.5, 3.0],
    "text": ["é ü ß 中文 🙂", 'quote " backslash \\ slash /', "\x00\x01\x1f\x7f\n\r\t\b\f"],
    "line separators": ["a\u2028b\u2029c", {"k\u2028": "v\u2029"}],
    # Characters sharing their first UTF-8 byte (0xE2) with U+2028/U+2029.
    "general punctuation": ["\u2026 \u2014 \u201cquoted\u201d \u20ac", "\u2027\u2028\u202a\u2029"],
    "only one separator": ["\u2029 \u2122"],
    "datetimes": [
        datetime.datetime(2026, 11, 22, 10, 0, tzinfo=datetime.UTC),
        datetime.datetime(2026, 11, 22, 10, 0, 0, 123456, tzinfo=datetime.UTC),
        datetime.datetime(2026, 3, 21, 23, 30, tzinfo=TEHRAN),
        datetime.datetime(2026, 1, 1, 9, 15),
        datetime.date(2024, 2, 29),
        datetime.time(8, 30, 15, 500),
        datetime.timedelta(hours=1, minutes=30),
    ],
    "others": [decimal.Decimal("4.50"), uuid.UUID(int=12345), gettext_lazy("Translated")],
    "drf containers": [
        ReturnDict({"a": 1, "b": [ErrorDetail("bad", code="invalid")]}, serializer=None),
        ReturnList([{"id": 1}, {"id": 2}], serializer=None),
    ],
    "keys": {1: "int key", "2": "str key", "nested": {"3": [1, 2, {"4": None}]}},
    "tuples": (1, (2, 3), []),
}


@pytest.mark.parametrize("name", PAYLOADS)
def test_orjson_writes_what_drf_writes(name):
    data = {"code": 900, "msg": "OK", "data": PAYLOADS[name]}

    assert EnvelopeJSONRenderer().render(data) == JSONRenderer().render(data)


def test_an_integer_beyond_64_bits_is_left_to_drf():
    data = {"big": 2**70}

    assert EnvelopeJSONRenderer().render(data) == b'{"big":1180591620717411303424}'


def test_an_indented_rendering_is_left_to_drf():
    data = {"a": [1]}

    rendered = EnvelopeJSONRenderer().render(data, "application/json; indent=2")

    assert rendered == JSONRenderer().render(data, "application/json; indent=2")
    assert b"\n" in rendered


@pytest.mark.django_db
def test_a_response_is_the_envelope_in_compact_utf8(alice_client):
    response = alice_client.get(reverse("api:events-icons"))

    assert response.content.startswith(b'{"code":544,"msg":"Event icons listed.","data":["')


@pytest.mark.parametrize("media_type", [None, "application/json; indent=2"])
def test_json_fragments_are_written_as_they_are_also_when_left_to_drf(media_type):
    """A view may hand over JSON text it has (``orjson.Fragment``, e.g. the month view's
    events): orjson writes it as it is, DRF's encoder (indented renderings) parses it."""
    text = '{"b":[1,"\u2028"],"c":null}'
    data = {"a": [orjson.Fragment(text), 2]}

    rendered = EnvelopeJSONRenderer().render(data, media_type)

    assert rendered == JSONRenderer().render({"a": [orjson.loads(text), 2]}, media_type)
