"""allauth's SAML routes (same paths and names), each view given the Host header it reads directly
(an HTTP/1.0 request without one would otherwise end in a server error), and a malformed message
(bad base64, bad compression) answered 400 instead of a server error."""

from __future__ import annotations

import binascii
import zlib
from collections.abc import Callable
from typing import Any

from allauth.socialaccount.providers.saml import views
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.urls import include, path, re_path


def _with_host(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        request.META.setdefault("HTTP_HOST", request.get_host())
        try:
            return view(request, *args, **kwargs)
        except (binascii.Error, zlib.error, UnicodeDecodeError):
            return HttpResponseBadRequest("This SAML message could not be read.", content_type="text/plain")

    wrapped.csrf_exempt = getattr(view, "csrf_exempt", False)  # type: ignore[attr-defined]
    wrapped.login_required = getattr(view, "login_required", True)  # type: ignore[attr-defined]
    return wrapped


urlpatterns = [
    re_path(
        r"^saml/(?P<organization_slug>[^/]+)/",
        include(
            [
                path("acs/", _with_host(views.acs), name="saml_acs"),
                path("acs/finish/", _with_host(views.finish_acs), name="saml_finish_acs"),
                path("sls/", _with_host(views.sls), name="saml_sls"),
                path("metadata/", _with_host(views.metadata), name="saml_metadata"),
                path("login/", _with_host(views.login), name="saml_login"),
            ]
        ),
    )
]
