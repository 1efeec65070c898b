"""Mail as a side effect of a write: queued only once the transaction commits."""

from django.db import transaction

from common.tasks import send_mail_task


def send_mail_on_commit(*, subject: str, message: str, recipient_list: list[str]) -> None:
    """Queue a mail after the current transaction commits (at once outside one).

    A rolled-back write sends nothing. Without a Celery broker the task runs eagerly.
    ``robust``: a failing mail server is logged and never turns a committed write into an
    error response.
    """
    transaction.on_commit(
        lambda: send_mail_task.delay(
            subject=subject, message=message, recipient_list=list(recipient_list)
        ),
        robust=True,
    )
