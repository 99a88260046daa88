"""Django's admin signs in through the site's sign-in; enrolling or removing TOTP is audited."""

from __future__ import annotations

from typing import Any

from allauth.mfa.totp import views as totp_views
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from vetted.signin.second_factor import totp_of
from vetted.signin.services import record_for_person


def admin_login(request: HttpRequest) -> HttpResponse:
    """Replaces /django-admin/login/ (which would check a password with no limit): send the person
    to the site's sign-in, then back to the admin page they wanted."""
    wanted = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        wanted = ""
    return redirect_to_login(wanted or reverse("admin:index"), reverse("login"))


def _with_event(view: Any, event_type: str, *, adds: bool) -> Any:
    """allauth's enrol / remove view, plus an audit event when the TOTP really appeared / went."""

    def wrapped(request: HttpRequest) -> HttpResponse:
        user = request.user
        before = user.is_authenticated and totp_of(user) is not None
        response = view(request)
        if request.method == "POST" and user.is_authenticated:
            after = totp_of(user) is not None
            if after != before and after == adds:
                record_for_person(user, event_type, details={"method": "totp"})
        return response

    return wrapped


activate_totp = _with_event(totp_views.activate_totp, "signin.second_factor_added", adds=True)
deactivate_totp = _with_event(totp_views.deactivate_totp, "signin.second_factor_removed", adds=False)
