"""The mails of the accounts app, sent once the surrounding transaction commits.

Links point at the web frontend (``settings.FRONTEND_URL``, API.md §10):
``/verify-email?token=<token>`` and ``/reset-password?uid=<uid>&token=<token>``.
"""

from urllib.parse import urlencode

from django.conf import settings

from accounts import tokens
from accounts.models import User
from common.mail import send_mail_on_commit


def frontend_link(path: str, **query: str) -> str:
    return f"{settings.FRONTEND_URL}{path}?{urlencode(query)}"


def _send_on_commit(*, subject: str, message: str, to: str) -> None:
    """Queued after commit (Celery, or eagerly); a rolled-back write sends nothing."""
    send_mail_on_commit(subject=subject, message=message, recipient_list=[to])


def send_verification_mail(user: User) -> None:
    """Mail a verification link to the user's current address."""
    link = frontend_link("/verify-email", token=tokens.email_verification_token(user))
    hours = settings.EMAIL_VERIFICATION_MAX_AGE // 3600
    _send_on_commit(
        subject="Verify your Kith email address",
        message=(
            f"Hello {user.first_name or user.username},\n\n"
            f"please confirm that {user.email} is your address by opening this link:\n\n"
            f"{link}\n\n"
            f"The link works for {hours} hours. If you did not ask for it, ignore this mail.\n"
        ),
        to=user.email,
    )


def send_password_reset_mail(user: User) -> None:
    """Mail a one-time password reset link."""
    link = frontend_link(
        "/reset-password",
        uid=tokens.password_reset_uid(user),
        token=tokens.password_reset_token(user),
    )
    minutes = settings.PASSWORD_RESET_TIMEOUT // 60
    _send_on_commit(
        subject="Reset your Kith password",
        message=(
            f"Hello {user.first_name or user.username},\n\n"
            "someone (hopefully you) asked to reset the password of your Kith account. "
            "Choose a new password here:\n\n"
            f"{link}\n\n"
            f"The link works once, for {minutes} minutes. If you did not ask for it, "
            "ignore this mail: your password stays as it is.\n"
        ),
        to=user.email,
    )
