"""Serializers of the address book: contacts and upcoming birthdays (API.md §3)."""

from django.core.validators import RegexValidator
from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty

from accounts.models import User
from common.exceptions import ValidationFailed
from common.images import ImageUploadField
from common.rows import stored_file_url
from common.serializers import datetime_formatter, file_url, iso_date, iso_datetime
from contacts import selectors
from contacts.models.contacts import Contact

PHONE_VALIDATOR = RegexValidator(
    r"^\+?[0-9 ().\-/]*[0-9][0-9 ().\-/]*$",
    "Use digits, spaces and + ( ) - . / only.",
)


class NullAsBlankMixin:
    """Optional text where ``null`` means empty: clients may send either."""

    def run_validation(self, data=empty):
        return super().run_validation("" if data is None else data)


class OptionalCharField(NullAsBlankMixin, serializers.CharField):
    pass


class OptionalEmailField(NullAsBlankMixin, serializers.EmailField):
    pass


class OptionalTextModelSerializer(serializers.ModelSerializer):
    """Maps optional (``blank=True``) text columns to fields that also accept null."""

    _optional_classes = {
        serializers.CharField: OptionalCharField,
        serializers.EmailField: OptionalEmailField,
    }

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        optional_class = self._optional_classes.get(field_class)
        is_text = isinstance(model_field, models.CharField | models.TextField)
        if optional_class and is_text and model_field.blank:
            return optional_class, {**kwargs, "allow_null": True}
        return field_class, kwargs


class ContactPhotoField(ImageUploadField):
    """The common image check; a rejected image is a field error of the contact.

    Only the 413 of an over-large upload passes through as it is, so a bad photo answers
    the contact's own invalid-data code (201 on create, 211 on update).
    """

    def run_validation(self, data=empty):
        # An empty value removes the photo, in JSON as in multipart.
        return super().run_validation(None if data == "" else data)

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except ValidationFailed as exc:
            raise serializers.ValidationError(exc.msg) from None


# On PUT, every writable field left out goes back to its default (``photo`` excepted:
# it changes only when sent, so a JSON PUT keeps it).
CONTACT_DEFAULTS = {
    "last_name": "",
    "email": "",
    "phone": "",
    "mobile": "",
    "company": "",
    "address": "",
    "birthday": None,
    "relationship": "",
    "notes": "",
    "linked_user": None,
}


class ContactListSerializer(serializers.ListSerializer):
    """Many contacts: the group ids of all of them come from one query."""

    def to_representation(self, data):
        contacts = list(data.all() if isinstance(data, models.manager.BaseManager) else data)
        groups = selectors.group_ids_by_contact([contact.pk for contact in contacts])
        for contact in contacts:
            contact.group_ids = groups.get(contact.pk, [])
        return super().to_representation(contacts)


class ContactSerializer(OptionalTextModelSerializer):
    """A contact. `photo` is a multipart upload (`null` removes it); out, a URL."""

    full_name = serializers.CharField(read_only=True)
    photo = ContactPhotoField(
        required=False,
        allow_null=True,
        help_text="Image upload (multipart/form-data; JPEG, PNG, WebP or GIF). Send null "
        "or an empty value to remove it. Read: absolute URL or null.",
    )
    linked_user = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        help_text="Id of the platform user this contact is (only the id is ever shown).",
    )
    groups = serializers.SerializerMethodField(
        help_text="Ids of your groups this contact belongs to."
    )

    class Meta:
        model = Contact
        fields = [
            "id",
            "first_name",
            "last_name",
            "full_name",
            "email",
            "phone",
            "mobile",
            "company",
            "address",
            "birthday",
            "relationship",
            "notes",
            "photo",
            "linked_user",
            "groups",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]
        list_serializer_class = ContactListSerializer
        extra_kwargs = {
            "phone": {"validators": [PHONE_VALIDATOR]},
            "mobile": {"validators": [PHONE_VALIDATOR]},
            "birthday": {"help_text": "YYYY-MM-DD; not in the future."},
        }

    def to_representation(self, contact: Contact) -> dict:
        """Built by hand (``common.serializers``); the list builds the same from rows
        (:func:`contact_rows_representation`)."""
        return {
            "id": contact.pk,
            "first_name": contact.first_name,
            "last_name": contact.last_name,
            "full_name": contact.full_name,
            "email": contact.email,
            "phone": contact.phone,
            "mobile": contact.mobile,
            "company": contact.company,
            "address": contact.address,
            "birthday": iso_date(contact.birthday),
            "relationship": contact.relationship,
            "notes": contact.notes,
            "photo": file_url(contact.photo, self.context.get("request")),
            "linked_user": contact.linked_user_id,
            "groups": self.get_groups(contact),
            "created_at": iso_datetime(contact.created_at),
            "updated_at": iso_datetime(contact.updated_at),
        }

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_groups(self, contact: Contact) -> list[int]:
        ids = getattr(contact, "group_ids", None)  # set by ContactListSerializer
        if ids is not None:
            return ids
        return sorted(membership.group_id for membership in contact.group_memberships.all())

    def validate_birthday(self, value):
        if value is not None and value > selectors.today_for(self.context["request"].user):
            raise serializers.ValidationError("A birthday can't be in the future.")
        return value

    def validate(self, attrs):
        if self.instance is not None and not self.partial:
            attrs = {**CONTACT_DEFAULTS, **attrs}
        return attrs


_PHOTO = Contact._meta.get_field("photo")


def contact_rows_representation(rows, request) -> list[dict]:
    """:meth:`ContactSerializer.to_representation` of each
    ``contacts.selectors.CONTACT_ROW_FIELDS`` row of a page (the list: no instances). The
    datetimes are DRF's text already when the rows hold strings (``contact_rows``'
    ``utc_text``)."""
    rows = list(rows)
    text = bool(rows) and rows[0][_CREATED_AT].__class__ is str
    iso = _as_is if text else datetime_formatter()
    return [_contact_row(row, request, iso) for row in rows]


_CREATED_AT = -3  # the place of ``created_at`` in a row, from its end


def _as_is(text: str) -> str:
    return text


def _contact_row(row: tuple, request, iso) -> dict:
    (
        pk, first_name, last_name, email, phone, mobile, company, address, birthday,
        relationship, notes, photo, linked_user, created_at, updated_at, group_ids,
    ) = row  # fmt: skip
    return {
        "id": pk,
        "first_name": first_name,
        "last_name": last_name,
        "full_name": f"{first_name} {last_name}".strip(),
        "email": email,
        "phone": phone,
        "mobile": mobile,
        "company": company,
        "address": address,
        "birthday": iso_date(birthday),
        "relationship": relationship,
        "notes": notes,
        "photo": stored_file_url(_PHOTO, photo, request),
        "linked_user": linked_user,
        "groups": group_ids,
        "created_at": iso(created_at),
        "updated_at": iso(updated_at),
    }


class UpcomingBirthdaySerializer(ContactSerializer):
    """A contact with the date of its next birthday and the age it turns then."""

    next_birthday = serializers.SerializerMethodField(
        help_text="The next day the birthday is celebrated (29 February: 28 February in "
        "non-leap years), in your timezone; today at the earliest."
    )
    turns = serializers.SerializerMethodField(
        help_text="The age the contact turns on next_birthday. Birthday years are always "
        "known in Kith, so this is never null today; clients should still accept null."
    )

    class Meta(ContactSerializer.Meta):
        fields = [*ContactSerializer.Meta.fields, "next_birthday", "turns"]

    def to_representation(self, contact: Contact) -> dict:
        next_birthday = self.get_next_birthday(contact)
        return {
            **super().to_representation(contact),
            "next_birthday": iso_date(next_birthday),
            "turns": next_birthday.year - contact.birthday.year,
        }

    @extend_schema_field(serializers.DateField())
    def get_next_birthday(self, contact: Contact):
        return selectors.birthday_from_sort_key(contact.birthday_key, self.context["today"])

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_turns(self, contact: Contact) -> int | None:
        return self.get_next_birthday(contact).year - contact.birthday.year


class UpcomingBirthdaysQuerySerializer(serializers.Serializer):
    days = serializers.IntegerField(
        min_value=1,
        max_value=366,
        default=30,
        help_text="Window length: birthdays from today to today + days (inclusive).",
    )
