"""Object rules of the marketplace: jobs and their pictures and timetables are public,
only the job's owner may change them (403 for anyone else)."""

from rest_framework import permissions


class IsJobOwnerOrReadOnly(permissions.BasePermission):
    """Anyone reads; the owner of the job (or of the picture's job) writes."""

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        owner_id = obj.owner_id if hasattr(obj, "owner_id") else obj.job.owner_id
        return owner_id == getattr(request.user, "pk", None)
