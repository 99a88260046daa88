"""Staff pages, the API by session and Django's admin ask a second factor of those who must have one.

A person who must (second_factor.must_use_second_factor) and has no TOTP is sent to enrol; one who
has TOTP but whose session has not passed a code is sent to enter one. It applies however the
session was signed in, password or single sign-on. API calls with a token carry no session user and
are not affected here.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse

from vetted.signin.second_factor import must_use_second_factor, session_passed_second_factor, totp_of

GUARDED_PREFIXES = ("/manage/", "/api/v1/", "/django-admin/")


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = self.refusal(request)
        return refusal if refusal is not None else self.get_response(request)

    def refusal(self, request: HttpRequest) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not request.path.startswith(GUARDED_PREFIXES):
            return None
        if not must_use_second_factor(user):
            return None
        totp = totp_of(user)
        if totp is not None and session_passed_second_factor(request, user, totp):
            return None
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": "Your role needs a second factor: sign in on the site and enter your code first."},
                status=403,
            )
        target = reverse("mfa_activate_totp") if totp is None else reverse("mfa_reauthenticate")
        return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
