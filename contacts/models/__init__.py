"""Address book (contacts) and friends on the platform."""

from contacts.models.contacts import Contact
from contacts.models.counts import ContactCount
from contacts.models.friends import FriendRequest, Friendship

__all__ = ["Contact", "ContactCount", "FriendRequest", "Friendship"]
