"""Serializers of friends and friend requests (API.md §4)."""

from rest_framework import serializers

from accounts.serializers import PublicProfileSerializer
from common.ids import MAX_ID
from contacts.models import FriendRequest


class FriendSerializer(PublicProfileSerializer):
    """A friend: their public profile and when the friendship began."""

    friends_since = serializers.DateTimeField(read_only=True)

    class Meta(PublicProfileSerializer.Meta):
        fields = [*PublicProfileSerializer.Meta.fields, "friends_since"]
        read_only_fields = fields


class FriendRequestSerializer(serializers.ModelSerializer):
    from_user = PublicProfileSerializer(read_only=True)
    to_user = PublicProfileSerializer(read_only=True)

    class Meta:
        model = FriendRequest
        fields = ["id", "from_user", "to_user", "created_at"]
        read_only_fields = fields


class FriendRequestCreateSerializer(serializers.Serializer):
    """Whom to ask: ``to_user`` (a user id) or ``username`` (both must then agree)."""

    to_user = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    username = serializers.CharField(max_length=150, required=False)

    def validate(self, attrs: dict) -> dict:
        if "to_user" not in attrs and "username" not in attrs:
            raise serializers.ValidationError(
                {"to_user": ["Give to_user (a user id) or username."]}
            )
        return attrs
