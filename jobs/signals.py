"""Receivers for effects of other apps on the marketplace (cross-app decoupling only).

Deleting a user (``accounts``: DELETE /me/, or the admin) cascades to their reviews and
their jobs at the database level, past the review services. This receiver keeps the
marketplace consistent without ``accounts`` knowing about jobs: once the deletion is
committed, the jobs the user had reviewed get their rating aggregates recomputed, and
the picture files of the user's own jobs are removed from storage.
"""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from jobs.models import JobPicture, Review


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="jobs_user_deleted")
def refresh_marketplace_after_user_deletion(sender, instance, **kwargs) -> None:
    """Schedule the aggregate refresh and file clean-up for after the commit."""
    from jobs.services import delete_files, job_rating_refresh

    reviewed = list(
        Review.objects.filter(user=instance).values_list("job_id", flat=True).distinct()
    )
    files = [p.image for p in JobPicture.objects.filter(job__owner=instance).only("image")]

    def after_commit() -> None:
        for job_id in reviewed:
            with transaction.atomic():
                job_rating_refresh(job_id=job_id)
        delete_files(files)

    if reviewed or files:
        transaction.on_commit(after_commit)
