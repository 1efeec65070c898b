"""Signal receivers of the calendars app (cross-app effects only; see STYLE.md).

Connected in :meth:`calendars.apps.CalendarsConfig.ready`.
"""

from accounts.models import User
from calendars.event_services import event_invites_end_between


def drop_event_invites_on_block(sender, *, blocker: User, blocked: User, **kwargs) -> None:
    """Receiver of ``accounts.signals.user_blocked``: pending event invitations either
    user sent the other are withdrawn (API.md §8: no event invites across a block).
    Memberships of events both already share are left alone.
    """
    event_invites_end_between(a=blocker, b=blocked)
