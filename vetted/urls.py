from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from vetted.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("vetted.districts.auth_urls")),
    path("d/<slug:district_slug>/", include("vetted.catalog.public_urls")),
    path("manage/<slug:district_slug>/", include("vetted.catalog.staff_urls")),
    path("manage/<slug:district_slug>/audit/", include("vetted.audit.urls")),
    path("api/v1/", include("vetted.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("django-admin/", admin.site.urls),
]

handler400 = "vetted.core.views.bad_request"
handler403 = "vetted.core.views.permission_denied"
handler404 = "vetted.core.views.page_not_found"
handler500 = "vetted.core.views.server_error"
