"""The one API router: every endpoint of /api/v1/ is registered here (API.md)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from common.views import CodesView, HealthView
from jobs.views import CategoryViewSet, JobPictureViewSet, JobViewSet, ReviewViewSet, SkillViewSet
from locations.views import AddressViewSet, CityViewSet, CountryViewSet, ProvinceViewSet

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
router.register(r"countries", CountryViewSet, basename="country")
router.register(r"provinces", ProvinceViewSet, basename="province")
router.register(r"cities", CityViewSet, basename="city")
router.register(r"me/addresses", AddressViewSet, basename="address")
router.register(r"job-categories", CategoryViewSet, basename="job-category")
router.register(r"skills", SkillViewSet, basename="skill")
router.register(r"jobs", JobViewSet, basename="job")
router.register(r"jobs/(?P<job_id>\d+)/pictures", JobPictureViewSet, basename="job-picture")
router.register(r"jobs/(?P<job_id>\d+)/reviews", ReviewViewSet, basename="job-review")

# --- support ----------------------------------------------------------------------

# --------------------------------------------------------------------------------------

app_name = "api"
urlpatterns = extra_urls + router.urls
