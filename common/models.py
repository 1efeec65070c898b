"""Abstract base models shared by the apps, and the records of idempotent retries."""

from django.conf import settings
from django.db import models


class TimeStamped(models.Model):
    """Adds ``created_at`` (indexed, for ordering) and ``updated_at``."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class IdempotencyRecord(models.Model):
    """One POST sent with an ``Idempotency-Key`` header, and its response once known.

    ``scope`` is whose key it is: ``user:<id>`` for an authenticated request, or
    ``ip:<keyed hash of the client address>`` for an anonymous one (register, password
    reset, ...). The unique (scope, key) constraint decides which of several concurrent
    copies of a request runs; the others find this row. ``request_hash`` is a keyed
    HMAC of the method, path, media type and canonical body, so a retry must repeat
    the request exactly, and a stolen table reveals nothing of the bodies (which may
    hold passwords). The response is stored once the request ends (``state`` done)
    and is replayed byte for byte until ``expires_at``. See ``common.idempotency``.
    """

    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    scope = models.CharField(max_length=80)
    key = models.CharField(max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The authenticated sender; empty for anonymous requests.",
    )
    method = models.CharField(max_length=10)
    path = models.TextField()
    request_hash = models.CharField(max_length=64)
    state = models.CharField(max_length=16, choices=State.choices, default=State.IN_PROGRESS)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_headers = models.JSONField(default=dict, blank=True)
    response_body = models.BinaryField(null=True, blank=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "idempotency record"
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="common_idempotency_scope_key"),
            models.CheckConstraint(
                condition=models.Q(state="in_progress") | models.Q(status_code__isnull=False),
                name="common_idempotency_done_has_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} [{self.key}]"
