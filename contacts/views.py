"""Address book endpoints: contacts and upcoming birthdays (API.md §3)."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action

from common.codes import Code
from common.filters import NamedFiltersBackend, SearchFilter, list_query
from common.pagination import CountedRowsPagination
from common.views import KithModelViewSet
from contacts import selectors, services
from contacts.filters import NULLS_LAST, SEARCH_FIELDS, ContactFilter, StableOrderingFilter
from contacts.models.contacts import Contact
from contacts.serializers import (
    ContactSerializer,
    UpcomingBirthdaySerializer,
    UpcomingBirthdaysQuerySerializer,
    contact_rows_representation,
)

_NOT_FOUND = "Not found or not yours: 404 code 212."


@extend_schema_view(
    list=extend_schema(
        summary="List your contacts",
        description="Paged. `?search=` matches first/last name, email, company, phone and "
        "mobile (case-insensitive contains; several words must all match). Default order: "
        "first name, last name, id.",
    ),
    create=extend_schema(
        summary="Add a contact",
        description="JSON, or multipart/form-data to upload `photo`. Invalid: 400 code 201.",
    ),
    retrieve=extend_schema(summary="A contact", description=_NOT_FOUND),
    update=extend_schema(
        summary="Replace a contact",
        description="Fields left out go back to their defaults, except `photo`, which "
        "changes only when sent. Invalid: 400 code 211. " + _NOT_FOUND,
    ),
    partial_update=extend_schema(
        summary="Change a contact",
        description="`photo: null` removes the photo. Invalid: 400 code 211. " + _NOT_FOUND,
    ),
    destroy=extend_schema(
        summary="Delete a contact",
        description="Also deletes its stories and group memberships (never the groups). "
        + _NOT_FOUND,
    ),
)
class ContactViewSet(KithModelViewSet):
    """Your private address book."""

    serializer_class = ContactSerializer
    filter_backends = [NamedFiltersBackend, SearchFilter, StableOrderingFilter]
    filterset_class = ContactFilter
    pagination_class = CountedRowsPagination
    search_fields = SEARCH_FIELDS
    ordering_fields = ["first_name", "last_name", "birthday", "created_at"]
    ordering_nulls_last = NULLS_LAST
    ordering = ["first_name", "last_name", "id"]

    success_codes = {
        "list": Code.CONTACTS_LISTED,
        "create": Code.CONTACT_ADDED,
        "retrieve": Code.CONTACT_RETRIEVED,
        "update": Code.CONTACT_UPDATED,
        "partial_update": Code.CONTACT_UPDATED,
        "destroy": Code.CONTACT_DELETED,
        "upcoming_birthdays": Code.UPCOMING_BIRTHDAYS_LISTED,
    }
    error_codes = {
        "list": Code.CONTACTS_LIST_FAILED,
        "create": Code.CONTACT_ADD_FAILED,
        "update": Code.CONTACT_UPDATE_FAILED,
        "partial_update": Code.CONTACT_UPDATE_FAILED,
        "upcoming_birthdays": Code.UPCOMING_BIRTHDAYS_FAILED,
    }
    not_found_codes = {
        "retrieve": Code.CONTACT_NOT_FOUND,
        "update": Code.CONTACT_NOT_FOUND,
        "partial_update": Code.CONTACT_NOT_FOUND,
        "destroy": Code.CONTACT_NOT_FOUND,
    }

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Contact.objects.none()
        return selectors.contact_list(user=self.request.user)

    def list(self, request, *args, **kwargs):
        """One query for the page: filtered, ordered, counted, and each contact's group
        ids as a JSON list, compiled once per shape (``selectors.contact_pages``)."""
        contacts = selectors.contact_pages(user=request.user, query=list_query(request, self))
        rows = self.paginator.paginate_rows(contacts.page, lambda: contacts, request)
        return self.get_paginated_response(contact_rows_representation(rows, request))

    def perform_create(self, serializer):
        serializer.instance = services.contact_create(
            owner=self.request.user, data=serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.contact_update(
            contact=serializer.instance, data=serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.contact_delete(contact=instance)

    @extend_schema(
        summary="Upcoming birthdays",
        description="Your contacts whose next birthday falls between today and today + "
        "`days` (inclusive), today being the date in your profile's timezone. Paged, "
        "ordered by next birthday, then first name, last name and id. A birthday on 29 "
        "February is celebrated on 28 February in non-leap years. Invalid `days`: 400 "
        "code 526.",
        parameters=[UpcomingBirthdaysQuerySerializer],
        responses={200: UpcomingBirthdaySerializer(many=True)},
    )
    @action(
        detail=False,
        methods=["get"],
        url_path="upcoming-birthdays",
        filter_backends=[],
        serializer_class=UpcomingBirthdaySerializer,
    )
    def upcoming_birthdays(self, request):
        query = UpcomingBirthdaysQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        today = selectors.today_for(request.user)
        contacts = selectors.upcoming_birthdays(
            user=request.user, today=today, days=query.validated_data["days"]
        )
        page = self.paginate_queryset(contacts)
        serializer = UpcomingBirthdaySerializer(
            page, many=True, context={**self.get_serializer_context(), "today": today}
        )
        return self.get_paginated_response(serializer.data)
