"""The API's routes grouped by first path segment resolve every path as the flat list."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import URLResolver, path, re_path
from django.urls.resolvers import RegexPattern

from config.api_router import BUSIEST, ROUTES, by_first_segment, urlpatterns


def flat(patterns, prefix: str = ""):
    """(route as one regex or path text, name, view) of each route, in resolving order."""
    for entry in patterns:
        text = str(entry.pattern)
        if isinstance(entry.pattern, RegexPattern):
            text = text.removeprefix("^")
        if isinstance(entry, URLResolver):
            yield from flat(entry.url_patterns, prefix + text)
        else:
            yield prefix + text, entry.name, entry.callback


def segment(route: str) -> str:
    return route.split("/", 1)[0]


def test_every_route_is_kept_with_its_name_and_view():
    assert sorted(flat(urlpatterns), key=str) == sorted(flat(ROUTES), key=str)


def test_each_segment_keeps_the_order_of_its_routes():
    grouped, original = list(flat(urlpatterns)), list(flat(ROUTES))
    for name in {segment(route) for route, _, _ in original}:
        assert [r for r in grouped if segment(r[0]) == name] == [
            r for r in original if segment(r[0]) == name
        ]


def test_the_busiest_segments_are_tried_first():
    assert [str(entry.pattern) for entry in urlpatterns[: len(BUSIEST)]] == [
        f"^{name}/" for name in BUSIEST
    ]


def test_one_group_per_segment():
    assert len(urlpatterns) == len({segment(route) for route, _, _ in flat(ROUTES)})
    assert all(isinstance(entry, URLResolver) for entry in urlpatterns)


@pytest.mark.parametrize(
    "route",
    [re_path(r"^(?P<kind>[a-z]+)/$", lambda request: None), path("<int:pk>/", lambda r: None)],
)
def test_a_route_without_a_literal_first_segment_is_refused(route):
    with pytest.raises(ImproperlyConfigured):
        by_first_segment([route])
