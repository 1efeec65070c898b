from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "contacts"

    def ready(self) -> None:
        from accounts.signals import user_blocked
        from contacts import friend_admin  # noqa: F401 - registers the friends' admin
        from contacts.receivers import end_friendship_on_block

        # A block ends the friendship and pending requests (see the receiver).
        user_blocked.connect(
            end_friendship_on_block, dispatch_uid="contacts.end_friendship_on_block"
        )
