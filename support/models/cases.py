"""Support cases: a user's request to staff, with its own conversation."""

from django.conf import settings
from django.db import models

from common.models import TimeStamped
from support.models.conversations import Conversation


class SupportCase(TimeStamped):
    """A case opened by a user. Its conversation (kind ``case``) holds the opener as a
    member; staff may read and post in every case conversation and join it as members
    when they do."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    title = models.CharField(max_length=200)
    description = models.TextField(max_length=5000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_cases"
    )
    conversation = models.OneToOneField(
        Conversation, on_delete=models.CASCADE, related_name="support_case"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="support_case_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["open", "closed"]), name="support_case_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title
