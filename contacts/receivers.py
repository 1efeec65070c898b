"""Signal receivers of the contacts app (cross-app effects only; see STYLE.md).

They are connected in :meth:`contacts.apps.ContactsConfig.ready`.
"""

from accounts.models import User
from contacts.friend_services import friendship_end_between


def end_friendship_on_block(sender, *, blocker: User, blocked: User, **kwargs) -> None:
    """Receiver of ``accounts.signals.user_blocked``: a block ends the friendship and
    every pending friend request between the two users (API.md §8).

    ``accounts`` sends the signal inside the transaction that writes the Block row, so
    this cleanup commits or rolls back with the block itself.
    """
    friendship_end_between(a=blocker, b=blocked)
