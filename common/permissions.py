"""Object permissions shared by the apps.

Ownership is first enforced by scoping querysets to the user (a stranger gets a 404);
these classes answer 403 where an object is visible but not yours to change.
"""

from rest_framework import permissions


def _owner_of(obj):
    return getattr(obj, "owner_id", None) or getattr(obj, "user_id", None)


class IsOwner(permissions.BasePermission):
    """Only the object's owner (``owner`` or else ``user`` field) may act on it."""

    def has_object_permission(self, request, view, obj) -> bool:
        return _owner_of(obj) == request.user.pk


class IsOwnerOrReadOnly(permissions.BasePermission):
    """Anyone may read; only the owner may change (public resources: jobs, reviews)."""

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return _owner_of(obj) == getattr(request.user, "pk", None)


class IsStaff(permissions.BasePermission):
    """Staff-only actions (an authenticated non-staff user gets 403)."""

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_staff)
