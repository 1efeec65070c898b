"""Spam reports on jobs, reviews, users and messages."""

from django.conf import settings
from django.db import models

from common.models import TimeStamped


class Report(TimeStamped):
    """A user's report of a target, named by type and id so that ``support`` needs no
    import of the target's app (see :data:`support.services.REPORT_TARGETS`). One report
    per reporter per target, enforced by the database."""

    class TargetType(models.TextChoices):
        JOB = "job", "Job"
        REVIEW = "review", "Review"
        USER = "user", "User"
        MESSAGE = "message", "Message"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_made"
    )
    target_type = models.CharField(max_length=10, choices=TargetType.choices)
    target_id = models.PositiveBigIntegerField()
    reason = models.TextField(max_length=1000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="support_report_status_idx"),
            models.Index(fields=["target_type", "target_id"], name="support_report_target_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "target_type", "target_id"],
                name="support_report_once_per_target",
            ),
            models.CheckConstraint(
                condition=models.Q(target_type__in=["job", "review", "user", "message"]),
                name="support_report_target_type_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["open", "resolved"]),
                name="support_report_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_target_type_display()} #{self.target_id} by {self.reporter}"
