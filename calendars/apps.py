from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    name = "calendars"

    def ready(self) -> None:
        from accounts.signals import user_blocked
        from calendars.event_receivers import drop_event_invites_on_block

        # A block withdraws pending event invitations between the two (see the receiver).
        user_blocked.connect(
            drop_event_invites_on_block, dispatch_uid="calendars.drop_event_invites_on_block"
        )
