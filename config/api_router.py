"""The one API router: every endpoint of /api/v1/ is registered here (API.md)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from common.views import CodesView, HealthView
from contacts.views import ContactViewSet
from groups.views import GroupViewSet
from stories.views import StoryViewSet

router = SimpleRouter(trailing_slash=True)
extra_urls = [
    path("codes/", CodesView.as_view(), name="codes"),
    path("health/", HealthView.as_view(), name="health"),
]

# --- accounts -----------------------------------------------------------------

# --- contacts, stories, groups ----------------------------------------------------
router.register(r"contacts", ContactViewSet, basename="contacts")
router.register(r"contacts/(?P<contact_id>\d+)/stories", StoryViewSet, basename="contact-stories")
router.register(r"groups", GroupViewSet, basename="groups")

# --- friends ----------------------------------------------------------------------

# --- calendars and events -------------------------------------------------------

# --- scheduling -------------------------------------------------------------------

# --- jobs and locations -----------------------------------------------------------

# --- support ----------------------------------------------------------------------

# --------------------------------------------------------------------------------------

app_name = "api"
urlpatterns = extra_urls + router.urls
