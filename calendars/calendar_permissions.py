"""Who may do what with a scheduling calendar (API.md §5).

Visibility comes first and is a 404: querysets and :func:`calendar_for` only find
calendars you own or are invited to. These classes answer 403 for what you can see but
may not do; each carries the response code of its refusal (see
:class:`CalendarScopedMixin.permission_denied`).
"""

from rest_framework import permissions

from common.codes import Code


class IsCalendarOwnerOrReadOnly(permissions.BasePermission):
    """Invitees may read a calendar; only its owner changes or deletes it."""

    code = Code.CALENDAR_OWNER_ONLY

    def has_object_permission(self, request, view, obj) -> bool:
        return request.method in permissions.SAFE_METHODS or obj.owner_id == request.user.pk


class IsParentCalendarOwner(permissions.BasePermission):
    """For ``/calendars/{id}/...`` endpoints only the owner may use (invitees: 403)."""

    code = Code.CALENDAR_OWNER_ONLY

    def has_permission(self, request, view) -> bool:
        return view.calendar.owner_id == request.user.pk


class IsParentCalendarOwnerForWrites(permissions.BasePermission):
    """Invitees may read (what the view shows them); only the owner writes."""

    code = Code.CALENDAR_OWNER_ONLY

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return view.calendar.owner_id == request.user.pk


class IsAvailabilityAuthorOrReadOnly(permissions.BasePermission):
    """Only its author changes or deletes an availability (the owner reads them all)."""

    code = Code.AVAILABILITY_NOT_AUTHOR

    def has_object_permission(self, request, view, obj) -> bool:
        return request.method in permissions.SAFE_METHODS or obj.user_id == request.user.pk
