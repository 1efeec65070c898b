from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    name = "calendars"

    def ready(self) -> None:
        # The scheduling calendars' admin lives in its own module (calendars/admin.py
        # is the events' admin); importing it registers its ModelAdmins. The receivers
        # module connects what a block ends.
        from calendars import calendar_admin, calendar_receivers  # noqa: F401
