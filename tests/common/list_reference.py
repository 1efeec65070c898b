"""What a row-built list answers through its view's filter backends and DRF's own
page-number pagination over querysets: the reference its compiled pages must equal."""

import json

from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from common.exceptions import flatten_errors


class DRFPagination(pagination.PageNumberPagination):
    """DRF's own pagination with Kith's sizes."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


def reference_answer(viewset_class, path: str, params: dict, user, rows, represent):
    """``(status, body)``: for 200 the ``data`` of the list's answer, for 400 the field
    errors, for 404 None; from ``viewset_class``'s ``filter_queryset`` over its
    ``get_queryset``, paged by DRF over ``rows(queryset)`` and represented by
    ``represent(rows, request)``."""
    request = Request(APIRequestFactory().get(path, params))
    request.user = user
    view = viewset_class(action="list", request=request, format_kwarg=None, kwargs={})
    paginator = DRFPagination()
    try:
        queryset = view.filter_queryset(view.get_queryset())
        page = paginator.paginate_queryset(rows(queryset), request)
    except ValidationError as error:
        return 400, flatten_errors(error.detail)
    except NotFound:
        return 404, None
    data = paginator.get_paginated_response(represent(list(page), request)).data
    return 200, json.loads(JSONRenderer().render(data))


def api_answer(response):
    """``(status, body)`` of an API answer, as :func:`reference_answer` gives them."""
    body = response.json()
    if response.status_code == 200:
        return 200, body["data"]
    if response.status_code == 400:
        return 400, body["errors"]
    return response.status_code, None


def assert_same_answer(response, expected) -> None:
    """The API's answer equals the reference, key order included."""
    answer = api_answer(response)
    assert json.dumps(answer) == json.dumps(expected)
