"""Ids in URL paths: ASCII digits, documented as integers."""

import re

import pytest
from drf_spectacular.generators import SchemaGenerator

from common.ids import ID_REGEX


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
