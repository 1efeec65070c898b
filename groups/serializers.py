"""Serializers of groups (API.md §3)."""

from django.db.models import BigIntegerField
from rest_framework import serializers

from contacts.models import Contact
from groups.models import Group


class GroupMemberSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(read_only=True)

    class Meta:
        model = Contact
        fields = ["id", "full_name"]
        read_only_fields = ["id"]


class GroupSerializer(serializers.ModelSerializer):
    """A group in lists; `name` is unique among your groups, ignoring case."""

    contact_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Group
        fields = ["id", "name", "contact_count", "created_at"]
        read_only_fields = ["id", "created_at"]

    def validate_name(self, value: str) -> str:
        owner = self.context["request"].user
        taken = Group.objects.filter(owner=owner, name__iexact=value)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise serializers.ValidationError("You already have a group with this name.")
        return value


class GroupDetailSerializer(GroupSerializer):
    """A group with its members, ordered by name."""

    contacts = GroupMemberSerializer(many=True, read_only=True)

    class Meta(GroupSerializer.Meta):
        fields = [*GroupSerializer.Meta.fields, "contacts"]


class GroupContactAddSerializer(serializers.Serializer):
    contact_id = serializers.IntegerField(
        min_value=1, max_value=BigIntegerField.MAX_BIGINT, help_text="Id of one of your contacts."
    )
