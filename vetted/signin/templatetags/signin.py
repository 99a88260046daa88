"""The single sign-on buttons on the sign-in page: every district's enabled sign-on."""

from __future__ import annotations

from django import template
from django.urls import reverse

from vetted.signin.models import DistrictSignOn, SignOnKind

register = template.Library()


@register.simple_tag
def sign_on_choices() -> list[dict[str, str]]:
    rows = (
        DistrictSignOn.objects.filter(enabled=True)
        .select_related("district")
        .order_by("district__name", "label")
    )
    return [
        {
            "label": row.label,
            "district": row.district.name,
            "url": reverse("saml_login", args=[row.provider_id])
            if row.kind == SignOnKind.SAML
            else reverse("openid_connect_login", kwargs={"provider_id": row.provider_id}),
        }
        for row in rows
    ]
