"""Who may do what to an event they can see (API.md §6).

Visibility is the queryset's job (what you cannot see is a 404); these rules answer 403
for what you can see but may not change.
"""

from rest_framework import permissions

OWNER_ACTIONS = {"update", "partial_update", "destroy"}
MEMBER_ACTIONS = {"invite", "leave"}


class EventAccess(permissions.BasePermission):
    """Everyone who sees the event reads it; members invite and leave; the owner edits
    and deletes. Expects the ``is_member`` annotation of ``visible_events``."""

    def has_object_permission(self, request, view, obj) -> bool:
        if view.action in OWNER_ACTIONS:
            return obj.owner_id == request.user.pk
        if view.action in MEMBER_ACTIONS:
            return bool(getattr(obj, "is_member", False))
        return True
