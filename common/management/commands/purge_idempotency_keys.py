"""``manage.py purge_idempotency_keys``: delete expired idempotency records.

Expired keys are already ignored (and replaced) by the API; this keeps the table small.
Run it from cron or a scheduler, e.g. hourly.
"""

from django.core.management.base import BaseCommand

from common.idempotency import idempotency_purge_expired


class Command(BaseCommand):
    help = "Delete the idempotency records whose keys have expired (IDEMPOTENCY_KEY_TTL)."

    def handle(self, *args, **options) -> None:
        deleted = idempotency_purge_expired()
        self.stdout.write(f"Deleted {deleted} expired idempotency record(s).")
