"""Signal receivers of the support app (cross-app effects only; see STYLE.md).

Connected in :meth:`support.apps.SupportConfig.ready`.
"""

from accounts.models import User
from support.services import conversations_unread_forget_sender


def forget_unread_messages_of_deleted_user(sender, instance: User, **kwargs) -> None:
    """Receiver of ``pre_delete`` for the user model: an account deletion (DELETE /me/,
    or the admin) takes the user's messages with it by the database's cascade, past the
    message services, and ``accounts`` knows nothing of chats. Before they go, the
    unread counts of the conversations they wrote in are recounted without them, in
    the deletion's transaction."""
    conversations_unread_forget_sender(sender=instance)
