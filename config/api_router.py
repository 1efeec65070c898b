"""The one API router: every endpoint of /api/v1/ is registered here (API.md)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from calendars.event_views import (
    CalendarFeedView,
    EventInviteViewSet,
    EventViewSet,
    IcalFeedView,
)
from common.views import CodesView, HealthView
from contacts.friend_views import FriendRequestViewSet, FriendViewSet

router = SimpleRouter(trailing_slash=True)
extra_urls = [
    path("codes/", CodesView.as_view(), name="codes"),
    path("health/", HealthView.as_view(), name="health"),
]

# --- accounts -----------------------------------------------------------------

# --- contacts, stories, groups ----------------------------------------------------

# --- friends ----------------------------------------------------------------------
router.register(r"friends", FriendViewSet, basename="friends")
router.register(r"friend-requests", FriendRequestViewSet, basename="friend-requests")

# --- calendars and events -------------------------------------------------------
router.register(r"events", EventViewSet, basename="events")
router.register(r"event-invites", EventInviteViewSet, basename="event-invites")
extra_urls.append(path("me/calendar-feed/", CalendarFeedView.as_view(), name="calendar-feed"))
extra_urls.append(path("ical/<slug:secret>.ics", IcalFeedView.as_view(), name="ical-feed"))

# --- scheduling -------------------------------------------------------------------

# --- jobs and locations -----------------------------------------------------------

# --- support ----------------------------------------------------------------------

# --------------------------------------------------------------------------------------

app_name = "api"
urlpatterns = extra_urls + router.urls
