"""Receivers of other apps' signals (connected from ``CalendarsConfig.ready()``)."""

from django.db.models import Q
from django.dispatch import receiver

from accounts.signals import user_blocked
from calendars.models import Availability, Invitee


@receiver(user_blocked, dispatch_uid="calendars_end_invitations_on_block")
def end_invitations_on_block(sender, blocker, blocked, **kwargs) -> None:
    """A block ends the friendship, so it also ends the invitations between the two
    users to each other's calendars that are still open (with the invitee's
    availabilities; their meeting cascades). Finalized calendars keep their history.

    ``accounts`` sends ``user_blocked`` inside the blocking transaction, so this runs
    in it too; ``accounts`` cannot import ``calendars``, hence the signal.
    """
    pairs = Q(calendar__owner=blocker, user=blocked) | Q(calendar__owner=blocked, user=blocker)
    invitations = Invitee.objects.filter(pairs, calendar__finalized=False)
    for calendar_id, user_id in list(invitations.values_list("calendar_id", "user_id")):
        Availability.objects.filter(calendar_id=calendar_id, user_id=user_id).delete()
    invitations.delete()
