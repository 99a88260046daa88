"""Django's admin signs in through the site's sign-in, with its rate limits and second factor."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def admin_login(request: HttpRequest) -> HttpResponse:
    """Replaces /django-admin/login/ (which would check a password with no limit): send the person
    to the site's sign-in, then back to the admin page they wanted."""
    wanted = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        wanted = ""
    return redirect_to_login(wanted or reverse("admin:index"), reverse("login"))
