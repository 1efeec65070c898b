"""Signal receivers of the calendars app (cross-app effects only; see STYLE.md).

Connected in :meth:`calendars.apps.CalendarsConfig.ready`.
"""

from accounts.models import User
from calendars.event_services import event_invites_end_between
from calendars.models import Event
from support.models import Conversation
from support.services import conversation_delete


def drop_event_invites_on_block(sender, *, blocker: User, blocked: User, **kwargs) -> None:
    """Receiver of ``accounts.signals.user_blocked``: pending event invitations either
    user sent the other are withdrawn (API.md §8: no event invites across a block).
    Memberships of events both already share are left alone.
    """
    event_invites_end_between(a=blocker, b=blocked)


def delete_chat_with_event(sender, instance: Event, **kwargs) -> None:
    """Receiver of ``post_delete`` for :class:`Event`: its chat goes with it.

    The events services delete the chat themselves (and clear ``conversation`` before
    deleting the event, so this does nothing then). Events also go by paths those
    services never see: the cascade of a user deleting their account (``accounts``
    knows nothing of events or chats) and the admin. This receiver is the one place
    that sees those, so no event chat outlives its event.
    """
    if instance.conversation_id is None:
        return
    chat = Conversation.objects.filter(pk=instance.conversation_id).first()
    if chat is not None:
        conversation_delete(conversation=chat)
