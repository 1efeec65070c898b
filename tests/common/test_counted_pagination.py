"""Page numbers over rows that carry their list's count: what DRF's pagination gives."""

import pytest
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from common.pagination import CountedRowsPagination

ITEMS = [(i, f"item {i}") for i in range(45)]


def request(**params) -> Request:
    return Request(APIRequestFactory().get("/items/", params))


class Rows:
    """``fetch`` and ``everything`` over ``ITEMS``, noting what was asked."""

    def __init__(self, items=ITEMS):
        self.items = items
        self.fetched: list[tuple[int, int]] = []
        self.fell_back = False

    def fetch(self, limit: int, offset: int) -> list[tuple]:
        self.fetched.append((limit, offset))
        return [(*item, len(self.items)) for item in self.items[offset : offset + limit]]

    def everything(self) -> list[tuple]:
        self.fell_back = True
        return self.items


def paginate(rows: Rows, **params):
    pagination = CountedRowsPagination()
    page = pagination.paginate_rows(rows.fetch, rows.everything, request(**params))
    return pagination, page


@pytest.mark.parametrize(
    ("params", "asked"),
    [({}, (20, 0)), ({"page": "2"}, (20, 20)), ({"page": "3", "page_size": "10"}, (10, 20))],
)
def test_a_page_and_its_count_come_from_one_fetch(params, asked):
    rows = Rows()
    pagination, page = paginate(rows, **params)

    limit, offset = asked
    assert rows.fetched == [asked] and not rows.fell_back
    assert page == ITEMS[offset : offset + limit]  # without the count column
    response = pagination.get_paginated_response(page).data
    assert response["count"] == 45


def test_the_response_is_drfs():
    rows = Rows()
    pagination, page = paginate(rows, page="2")
    ours = pagination.get_paginated_response(page).data

    drfs_pagination = CountedRowsPagination()
    drfs_page = drfs_pagination.paginate_queryset(ITEMS, request(page="2"))
    assert ours == drfs_pagination.get_paginated_response(drfs_page).data


def test_an_empty_list_has_an_empty_first_page():
    rows = Rows(items=[])
    pagination, page = paginate(rows)

    assert page == [] and not rows.fell_back
    assert pagination.get_paginated_response(page).data["count"] == 0


@pytest.mark.parametrize("number", ["last", "0", "-1", "x", "1.5", "99999999999999999999"])
def test_other_page_numbers_go_drfs_way(number):
    rows = Rows()
    if number == "last":
        _, page = paginate(rows, page=number)
        assert page == ITEMS[40:]
    else:
        with pytest.raises(NotFound):
            paginate(rows, page=number)
    assert rows.fetched == [] and rows.fell_back


def test_a_page_past_the_end_is_a_404_without_a_count():
    rows = Rows()
    with pytest.raises(NotFound):
        paginate(rows, page="4")

    assert rows.fetched == [(20, 60)] and not rows.fell_back
