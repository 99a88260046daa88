"""Content-Security-Policy on every response (Django 5.2 has none built in).

The policy is the CONTENT_SECURITY_POLICY setting, a dict of directive -> sources, so an app that
needs one more source (an identity provider a form posts to) adds it there instead of loosening
the whole policy. Pages carry no inline script or style: scripts are static files and htmx is told
not to inject its indicator style (base.html's htmx-config meta tag).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"


def policy_text(policy: dict[str, list[str]]) -> str:
    return "; ".join(" ".join([directive, *sources]) for directive, sources in policy.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = policy_text(settings.CONTENT_SECURITY_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if HEADER not in response:  # a view may send a narrower policy of its own
            response[HEADER] = self.header
        return response
