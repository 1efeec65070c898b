"""LazyDjangoFilterBackend builds the filter set only when one of its filters is asked."""

from types import SimpleNamespace

import pytest
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from common.filters import LazyDjangoFilterBackend
from contacts.filters import ContactFilter
from contacts.models.contacts import Contact
from tests.contacts.factories import ContactFactory

pytestmark = pytest.mark.django_db


class CountingFilter(ContactFilter):
    built = 0

    def __init__(self, *args, **kwargs):
        CountingFilter.built += 1
        super().__init__(*args, **kwargs)


def _filter(params: dict):
    request = Request(APIRequestFactory().get("/api/v1/contacts/", params))
    view = SimpleNamespace(filterset_class=CountingFilter, filterset_fields=None)
    queryset = Contact.objects.order_by("id")
    return LazyDjangoFilterBackend().filter_queryset(request, queryset, view)


def test_it_skips_the_filter_set_when_no_filter_is_named(alice):
    CountingFilter.built = 0
    ContactFactory(owner=alice, relationship="friend")
    ContactFactory(owner=alice, relationship="family")

    assert _filter({"page": "2", "search": "x"}).count() == 2
    assert CountingFilter.built == 0

    assert list(_filter({"relationship": "family"}).values_list("relationship", flat=True)) == [
        "family"
    ]
    assert CountingFilter.built == 1


def test_a_cached_form_filter_set_builds_its_form_class_once(alice):
    ContactFactory(owner=alice, relationship="family")
    queryset = Contact.objects.order_by("id")

    first = ContactFilter({"relationship": "family"}, queryset=queryset)
    second = ContactFilter({"group": "x"}, queryset=queryset)

    assert type(first.form) is type(second.form)
    assert first.is_valid() and first.qs.count() == 1
    assert not second.is_valid() and list(second.errors) == ["group"]
