"""Background tasks shared by the apps (run by Celery workers, or eagerly)."""

from celery import shared_task
from django.core.mail import send_mail


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_mail_task(*, subject: str, message: str, recipient_list: list[str]) -> int:
    """Send one plain-text mail through Django's mail API."""
    return send_mail(subject, message, None, recipient_list)
