"""The lean filter backends answer as django-filter's own does, with less work."""

from types import SimpleNamespace

import pytest
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from common.filters import LazyDjangoFilterBackend, NamedFiltersBackend
from contacts.filters import ContactFilter
from contacts.models.contacts import Contact
from jobs.filters import JobFilter
from jobs.models import Job
from tests.contacts.factories import ContactFactory
from tests.jobs.factories import JobFactory

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


JOB_PARAMS = [
    {"category": "1"},
    {"category": "1", "min_rating": "2", "page": "2"},
    {"min_rating": "9", "city": "x", "search": "y"},  # two errors
    {"owner": "me"},  # anonymous: 400
    {"owner": "2", "skill": "1", "province": "1", "subcategory": "1"},
    {"min_rating": ""},
]


@pytest.mark.parametrize("params", JOB_PARAMS)
def test_the_named_filters_backend_answers_as_django_filter_does(params):
    JobFactory.create_batch(3)
    view = SimpleNamespace(filterset_class=JobFilter, filterset_fields=None)

    def answer(backend):
        request = Request(APIRequestFactory().get("/api/v1/jobs/", params))
        try:
            return list(backend.filter_queryset(request, Job.objects.order_by("id"), view))
        except ValidationError as error:
            return error.detail

    assert answer(NamedFiltersBackend()) == answer(DjangoFilterBackend())
