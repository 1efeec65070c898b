"""Mails of the scheduling calendars (queued as tasks after the transaction commits)."""

from zoneinfo import ZoneInfo

from django.conf import settings

from calendars.models import Calendar, Invitee
from common.tasks import send_mail_task


def local(moment, user) -> str:
    """``moment`` as the user's wall-clock time, with the timezone's name."""
    try:
        tz = ZoneInfo(user.timezone or "UTC")
    except (ValueError, KeyError):
        tz = ZoneInfo("UTC")
    return f"{moment.astimezone(tz):%a %d %b %Y %H:%M} ({tz.key})"


def calendar_link(calendar: Calendar) -> str:
    return f"{settings.FRONTEND_URL}/calendars/{calendar.pk}"


def send_invitation(invitee: Invitee) -> None:
    """Tell an invitee they were invited and until when they may answer."""
    calendar, user, owner = invitee.calendar, invitee.user, invitee.calendar.owner
    owner_name = owner.get_full_name() or owner.username
    body = (
        f"Hello {user.first_name or user.username},\n\n"
        f'{owner_name} invited you to a one-on-one meeting: "{calendar.name}".\n'
        f"Days: {calendar.start_date:%d %b %Y} to {calendar.end_date:%d %b %Y} "
        f"({calendar.timezone}), {calendar.meeting_minutes} minutes.\n"
        f"Please enter when you are available before {local(invitee.deadline, user)}:\n"
        f"{calendar_link(calendar)}\n"
    )
    send_mail_task.delay(
        subject=f"{owner_name} invited you: {calendar.name}",
        message=body,
        recipient_list=[user.email],
    )
