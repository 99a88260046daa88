"""Sign-in, sign-out, password reset and the second factor: django-allauth's views.

The names our templates use (login, logout, password_reset...) are kept beside allauth's own
(account_login...), both naming the same views, so links and allauth's redirects agree. Only the
allauth routes we use are served: no public sign-up, no managing one's own e-mail addresses (a
district's admin owns who is who).
"""

from allauth.account import urls as account_urls
from allauth.account import views as account_views
from allauth.mfa import urls as mfa_urls
from django.contrib.auth import views as django_auth_views
from django.urls import URLPattern, URLResolver, include, path

ACCOUNT_ROUTES = {
    "account_login",
    "account_logout",
    "account_inactive",
    "account_reauthenticate",
    # Someone without a password (signed in by single sign-on) confirms it is them by a mailed code.
    "account_request_reauthentication_code",
    "account_confirm_reauthentication_code",
    "account_change_password",
    "account_set_password",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
}


def _only(patterns: list[URLPattern | URLResolver], names: set[str]) -> list[URLPattern | URLResolver]:
    return [p for p in patterns if isinstance(p, URLPattern) and p.name in names]


urlpatterns = [
    path("login/", account_views.login, name="login"),
    path("logout/", account_views.logout, name="logout"),
    path("password-reset/", account_views.password_reset, name="password_reset"),
    path("password-reset/sent/", account_views.password_reset_done, name="password_reset_done"),
    # The invitation mail's "choose a password" link (district_admin), guarded by its signed token.
    path(
        "reset/<uidb64>/<token>/",
        django_auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        django_auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    *_only(account_urls.urlpatterns, ACCOUNT_ROUTES),
    path("2fa/", include(mfa_urls)),
]
