from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from vetted.agreements import public_urls as agreement_public_urls
from vetted.agreements import urls as agreement_urls
from vetted.clocks import urls as clock_urls
from vetted.district_admin import urls as district_urls
from vetted.districts import views as district_views
from vetted.signin import sso_views
from vetted.signin import views as signin_views
from vetted.site.views import inventory as inventory_views
from vetted.site.views import pages as site_views

urlpatterns = [
    path("", site_views.home, name="home"),
    path("healthz", site_views.healthz, name="healthz"),
    path("data-inventory/", inventory_views.inventory_page, name="data-inventory"),
    path("data-inventory.json", inventory_views.inventory_json, name="data-inventory-json"),
    # allauth's enrol / remove TOTP views with an audit event (same names and paths as allauth's).
    path("accounts/2fa/totp/activate/", signin_views.activate_totp, name="mfa_activate_totp"),
    path("accounts/2fa/totp/deactivate/", signin_views.deactivate_totp, name="mfa_deactivate_totp"),
    # A district's single sign-on (allauth's OpenID Connect flow, our ID token checks; allauth's names).
    path("accounts/oidc/<str:provider_id>/login/", sso_views.sso_login, name="openid_connect_login"),
    path(
        "accounts/oidc/<str:provider_id>/login/callback/",
        sso_views.sso_callback,
        name="openid_connect_callback",
    ),
    # A district's SAML 2.0 sign-in (allauth's views; the district's settings come from vetted.signin).
    path("accounts/", include("vetted.signin.saml_urls")),
    path("accounts/", include("vetted.districts.auth_urls")),
    path("d/<slug:district_slug>/", include("vetted.site.registry_urls")),
    path("manage/", district_views.start, name="staff-start"),
    path("manage/<slug:district_slug>/", include("vetted.catalog.urls")),
    path("manage/<slug:district_slug>/audit/", include("vetted.audit.urls")),
    path("manage/<slug:district_slug>/people/", include("vetted.district_admin.urls")),
    path("manage/<slug:district_slug>/roster/", include("vetted.rosters.urls")),
    path("manage/<slug:district_slug>/notices/", include("vetted.notices.urls")),
    path("manage/<slug:district_slug>/classes/", include("vetted.notices.class_urls")),
    path("d/<slug:district_slug>/notices/", include("vetted.notices.public_urls")),
    path("manage/<slug:district_slug>/incidents/", include("vetted.incidents.urls")),
    path("d/<slug:district_slug>/incidents/", include("vetted.incidents.public_urls")),
    path("d/<slug:district_slug>/family/", include("vetted.rights.urls")),
    path("manage/<slug:district_slug>/directory/", include("vetted.rights.directory.urls")),
    path("vendor/incidents/", include("vetted.incidents.vendor_urls")),
    path("manage/<slug:district_slug>/disposition/", include("vetted.disposition.urls")),
    path("vendor/disposition/", include("vetted.disposition.vendor_urls")),
    path("manage/<slug:district_slug>/rights/requests/", include("vetted.rights.requests.staff_urls")),
    path("vendor/rights/", include("vetted.rights.requests.vendor_urls")),
    path("invitations/", include(district_urls.invitation_urlpatterns)),
    path("manage/<slug:district_slug>/settings/", include(district_urls.settings_urlpatterns)),
    path("manage/<slug:district_slug>/sign-in/", include("vetted.signin.urls")),
    path("manage/<slug:district_slug>/agreements/", include(agreement_urls.agreement_urlpatterns)),
    path("manage/<slug:district_slug>/obligations/", include(clock_urls.obligation_urlpatterns)),
    path("d/<slug:district_slug>/agreements/", include(agreement_public_urls.urlpatterns)),
    path("ical/", include(clock_urls.ical_urlpatterns)),
    path("manage/<slug:district_slug>/resource-requests/", include("vetted.resource_requests.urls")),
    path("me/api-tokens/", include("vetted.api_tokens.urls")),
    path("api/v1/", include("vetted.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Before the admin's own routes: its login form would be a way around the sign-in's limits.
    path("django-admin/login/", signin_views.admin_login, name="admin-login"),
    path("django-admin/", admin.site.urls),
]

handler400 = "vetted.site.views.pages.bad_request"
handler403 = "vetted.site.views.pages.permission_denied"
handler404 = "vetted.site.views.pages.page_not_found"
handler500 = "vetted.site.views.pages.server_error"
