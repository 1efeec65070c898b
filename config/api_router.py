"""The one API router: every endpoint of /api/v1/ is registered here (API.md)."""

from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from calendars.calendar_views import AvailabilityViewSet, CalendarViewSet, InviteeViewSet
from common.views import CodesView, HealthView
from scheduling.views import FinalizeView, ScheduleViewSet

router = SimpleRouter(trailing_slash=True)
extra_urls = [
    path("codes/", CodesView.as_view(), name="codes"),
    path("health/", HealthView.as_view(), name="health"),
]

# --- accounts -----------------------------------------------------------------

# --- contacts, stories, groups ----------------------------------------------------

# --- friends ----------------------------------------------------------------------

# --- calendars and events -------------------------------------------------------

# --- scheduling -------------------------------------------------------------------
router.register(r"calendars", CalendarViewSet, basename="calendars")
router.register(
    r"calendars/(?P<calendar_id>\d{1,18})/invitees", InviteeViewSet, basename="calendar-invitees"
)
router.register(
    r"calendars/(?P<calendar_id>\d{1,18})/availabilities",
    AvailabilityViewSet,
    basename="calendar-availabilities",
)
extra_urls.append(
    re_path(
        r"^calendars/(?P<calendar_id>\d{1,18})/schedule/$",
        ScheduleViewSet.as_view(
            {"get": "retrieve", "post": "generate", "put": "save", "delete": "clear"}
        ),
        name="calendar-schedule",
    )
)
extra_urls.append(
    re_path(
        r"^calendars/(?P<calendar_id>\d{1,18})/finalize/$",
        FinalizeView.as_view(),
        name="calendar-finalize",
    )
)

# --- jobs and locations -----------------------------------------------------------

# --- support ----------------------------------------------------------------------

# --------------------------------------------------------------------------------------

app_name = "api"
urlpatterns = extra_urls + router.urls
