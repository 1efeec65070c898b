"""Serializers of stories (API.md §3)."""

from rest_framework import serializers

from contacts.serializers import OptionalTextModelSerializer
from stories.models import Story


class StorySerializer(OptionalTextModelSerializer):
    """A story about a contact; `contact` is the contact of the URL, read-only."""

    contact = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Story
        fields = ["id", "contact", "title", "content", "date", "location", "created_at"]
        read_only_fields = ["id", "created_at"]
        extra_kwargs = {"date": {"help_text": "YYYY-MM-DD, optional."}}
