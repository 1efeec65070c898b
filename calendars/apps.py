from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    name = "calendars"

    def ready(self) -> None:
        # The scheduling calendars' admin lives in its own module (calendars/admin.py
        # is the events' admin); importing it registers its ModelAdmins. The receivers
        # module connects what a block ends.
        from accounts.signals import user_blocked
        from calendars import calendar_admin, calendar_receivers  # noqa: F401
        from calendars.event_receivers import drop_event_invites_on_block

        # A block withdraws pending event invitations between the two (see the receiver).
        user_blocked.connect(
            drop_event_invites_on_block, dispatch_uid="calendars.drop_event_invites_on_block"
        )
