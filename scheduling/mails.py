"""The mails of a finalized schedule: one to the owner, one to each invitee."""

from calendars.calendar_mails import calendar_link, local
from calendars.models import Calendar, Invitee
from common.tasks import send_mail_task
from scheduling.models import Meeting


def _name(user) -> str:
    return user.get_full_name() or user.username


def send_finalized(calendar_id: int) -> None:
    """Mail the owner the whole schedule and each invitee their meeting (or that
    none could be found). Runs after the finalize transaction committed; each mail is
    a task of its own (Celery, or eagerly without a broker)."""
    calendar = Calendar.objects.select_related("owner").get(pk=calendar_id)
    owner = calendar.owner
    meetings = {
        m.invitee.user_id: m
        for m in Meeting.objects.filter(calendar=calendar).select_related("invitee__user")
    }
    invitees = list(Invitee.objects.filter(calendar=calendar).select_related("user").order_by("id"))
    link = calendar_link(calendar)
    messages = []

    lines = [
        f"- {local(m.start, owner)}: {_name(m.invitee.user)}"
        for m in sorted(meetings.values(), key=lambda m: m.start)
    ]
    missing = [f"- {_name(inv.user)}" for inv in invitees if inv.user_id not in meetings]
    body = f'Your schedule "{calendar.name}" is final. The meetings are in your calendar.\n\n'
    body += "\n".join(lines) or "No meetings."
    if missing:
        body += "\n\nNo meeting could be scheduled with:\n" + "\n".join(missing)
    subject = f"Schedule final: {calendar.name}"
    messages.append((owner.email, f"{body}\n\n{link}\n"))

    for inv in invitees:
        meeting = meetings.get(inv.user_id)
        if meeting is None:
            text = f'No meeting with {_name(owner)} could be scheduled in "{calendar.name}".'
        else:
            text = (
                f'Your meeting with {_name(owner)} ("{calendar.name}") is on '
                f"{local(meeting.start, inv.user)} for {calendar.meeting_minutes} minutes. "
                "It is in your calendar."
            )
        messages.append((inv.user.email, f"{text}\n\n{link}\n"))
    for address, message in messages:
        send_mail_task.delay(subject=subject, message=message, recipient_list=[address])
