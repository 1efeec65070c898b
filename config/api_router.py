"""The one API router: every endpoint of /api/v1/ is registered here (API.md)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from common.views import CodesView, HealthView
from support.views import (
    BlockViewSet,
    ConversationMessageViewSet,
    ConversationViewSet,
    MessageViewSet,
    ReportViewSet,
    SupportCaseViewSet,
)

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

# --- jobs and locations -----------------------------------------------------------

# --- support ----------------------------------------------------------------------
router.register(r"conversations", ConversationViewSet, basename="conversation")
router.register(
    r"conversations/(?P<conversation_id>\d+)/messages",
    ConversationMessageViewSet,
    basename="conversation-messages",
)
router.register(r"messages", MessageViewSet, basename="message")
router.register(r"support/cases", SupportCaseViewSet, basename="support-case")
router.register(r"support/reports", ReportViewSet, basename="support-report")
router.register(r"blocks", BlockViewSet, basename="block")

# --------------------------------------------------------------------------------------

app_name = "api"
urlpatterns = extra_urls + router.urls
