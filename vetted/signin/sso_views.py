"""Start and finish a district's single sign-on (allauth's OAuth2 views with our ID token checks)."""

from __future__ import annotations

from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from django.http import Http404, HttpRequest, HttpResponse

from vetted.signin.models import SignOnKind
from vetted.signin.oidc import DistrictOIDCAdapter, sign_on_for


def _oidc_or_404(provider_id: str) -> None:
    sign_on = sign_on_for(provider_id)
    if sign_on is None or sign_on.kind == SignOnKind.SAML:
        raise Http404


@login_not_required
def sso_login(request: HttpRequest, provider_id: str) -> HttpResponse:
    _oidc_or_404(provider_id)
    try:
        return OAuth2LoginView.adapter_view(DistrictOIDCAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist as missing:
        raise Http404 from missing


@login_not_required
def sso_callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    _oidc_or_404(provider_id)
    try:
        return OAuth2CallbackView.adapter_view(DistrictOIDCAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist as missing:
        raise Http404 from missing
