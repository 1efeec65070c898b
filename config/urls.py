"""Root URLs: the API under /api/v1/, its schema and docs, the admin."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.http import JsonResponse
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

urlpatterns = [
    path("api/v1/", include("config.api_router")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    path("admin/", admin.site.urls),
]
if settings.BENCH_BARE_VIEW:

    def bench_bare(request):
        """The load benchmark's baseline: the same middleware, no DRF, no database."""
        return JsonResponse({"ok": True})

    urlpatterns.append(path("bench/bare/", bench_bare, name="bench-bare"))
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "common.handlers.bad_request"
handler403 = "common.handlers.permission_denied"
handler404 = "common.handlers.page_not_found"
handler500 = "common.handlers.server_error"
