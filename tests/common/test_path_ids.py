"""Ids in URL paths: ASCII digits, documented as integers."""

import re
from urllib.parse import quote

import pytest
from drf_spectacular.generators import SchemaGenerator

from common.codes import Code
from common.ids import ID_REGEX
from tests.calendars.factories import EventFactory


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_every_id_in_a_path_is_an_integer_in_the_schema(schema):
    ids = [
        (path, parameter)
        for path, operations in schema["paths"].items()
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "path" and re.fullmatch(r"id|\w+_id", parameter["name"])
    ]

    assert ids
    for path, parameter in ids:
        assert parameter["schema"] == {"type": "integer"}, (path, parameter)


@pytest.mark.parametrize("value", ["1", "42", "9" * 64])
def test_ids_of_ascii_digits_match(value):
    assert re.fullmatch(ID_REGEX, value)


@pytest.mark.parametrize("value", ["", "-1", "1.5", "٣", "３", "1" + "0" * 64])
def test_other_ids_do_not_match(value):
    assert not re.fullmatch(ID_REGEX, value)


@pytest.mark.django_db
def test_an_id_in_other_digits_is_no_second_url_of_an_object(alice, alice_client):
    event = EventFactory(owner=alice)
    arabic_indic = str(event.pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))

    response = alice_client.get(f"/api/v1/events/{quote(arabic_indic)}/")

    assert response.status_code == 404
    assert response.json()["code"] == Code.NOT_FOUND


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["contacts/{}/stories/", "friends/{}/", "blocks/{}/"])
def test_an_id_too_long_for_int_is_a_404_not_a_500(alice_client, path):
    method = alice_client.get if path.startswith("contacts") else alice_client.delete

    response = method("/api/v1/" + path.format("1" + "0" * 5000))

    assert response.status_code == 404
    assert response.json()["code"] == Code.NOT_FOUND
