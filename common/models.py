"""Abstract base models shared by the apps."""

from django.db import models


class TimeStamped(models.Model):
    """Adds ``created_at`` (indexed, for ordering) and ``updated_at``."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
