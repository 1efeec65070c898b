from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    name = "calendars"

    def ready(self) -> None:
        # The scheduling calendars' admin lives in its own module (calendars/admin.py
        # is the events' admin); importing it registers its ModelAdmins. The receivers
        # module connects what a block ends.
        from django.db.models.signals import post_delete

        from accounts.signals import user_blocked
        from calendars import calendar_admin, calendar_receivers  # noqa: F401
        from calendars.event_receivers import delete_chat_with_event, drop_event_invites_on_block
        from calendars.models import Event

        # A block withdraws pending event invitations between the two (see the receiver).
        user_blocked.connect(
            drop_event_invites_on_block, dispatch_uid="calendars.drop_event_invites_on_block"
        )
        # An event deleted by a cascade (an account deletion) or the admin takes its chat.
        post_delete.connect(
            delete_chat_with_event, sender=Event, dispatch_uid="calendars.delete_chat_with_event"
        )
