"""Checks that a hand-built ``to_representation`` equals DRF's generic rendering."""

from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIRequestFactory

from common.serializers import generic_representation


def request_context(user=None) -> dict:
    """A serializer context with a GET request (absolute URLs) made by ``user``."""
    request = APIRequestFactory().get("/api/v1/")
    request.user = user
    return {"request": request}


def assert_same_as_generic(serializer_class, instances, **context) -> None:
    """For every instance, the serializer's output renders to the same JSON bytes (key
    order included) as DRF's generic rendering of the same declared fields."""
    assert instances, "give at least one instance"
    for instance in instances:
        serializer = serializer_class(context=context)
        fast = JSONRenderer().render(serializer.to_representation(instance))
        generic = JSONRenderer().render(generic_representation(serializer, instance))
        assert fast == generic


def assert_rows_same_as_generic(serializer_class, instances, rows, represent, **context) -> None:
    """Like :func:`assert_same_as_generic` for a list page read as ``values_list`` rows:
    ``represent(rows, request)`` gives, for each row, the same JSON bytes as DRF's
    generic rendering of the matching instance."""
    assert instances, "give at least one instance"
    fast = represent(rows, context.get("request"))
    assert len(fast) == len(instances)
    for item, instance in zip(fast, instances, strict=True):
        generic = generic_representation(serializer_class(context=context), instance)
        assert JSONRenderer().render(item) == JSONRenderer().render(generic)
