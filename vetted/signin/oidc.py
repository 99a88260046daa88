"""OpenID Connect sign-in for a district: allauth's flow, with the ID token always checked here.

allauth skips the ID token's signature when the token came straight from the provider's token
endpoint (the specification allows it under TLS); we check it every time, with the algorithm fixed
by us rather than by the token's header, and then the claims that tie the person to the district:
Google's `hd` (the Workspace domain, not the login hint), Microsoft's `tid` (the district's tenant),
another provider's tenant claim, and a verified e-mail address at the allowed domain.
"""

from __future__ import annotations

from typing import Any

import jwt
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp, SocialToken
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest

from vetted.audit.services import record
from vetted.signin.models import DistrictSignOn, SignOnKind

ALGORITHMS = ["RS256", "ES256"]
LEEWAY_SECONDS = 60


def sign_on_for(provider_id: str) -> DistrictSignOn | None:
    prefix, _, pk = provider_id.partition("-")
    if prefix != "district" or not pk.isdigit() or len(pk) > 18:
        return None
    return DistrictSignOn.objects.select_related("district").filter(pk=int(pk), enabled=True).first()


def app_for(sign_on: DistrictSignOn) -> SocialApp:
    """The district's configuration in the shape allauth reads (never saved: the row is ours)."""
    if sign_on.kind == SignOnKind.SAML:
        # python3-saml checks the signature (assertions must be signed), audience, destination and
        # validity; allauth matches InResponseTo with the request it sent (no IdP-initiated sign-in).
        return SocialApp(
            provider="saml",
            provider_id=sign_on.provider_id,
            name=sign_on.label,
            client_id=sign_on.provider_id,
            settings={
                "idp": {"entity_id": sign_on.issuer, "sso_url": sign_on.saml_sso_url,
                        "x509cert": sign_on.saml_certificate},
                "advanced": {"strict": True, "want_assertion_signed": True, "reject_idp_initiated_sso": True,
                             "want_attribute_statement": False},
            },
        )  # fmt: skip
    return SocialApp(
        provider="openid_connect",
        provider_id=sign_on.provider_id,
        name=sign_on.label,
        client_id=sign_on.client_id,
        secret=sign_on.client_secret,
        settings={"server_url": sign_on.issuer_url, "fetch_userinfo": False, "oauth_pkce_enabled": True},
    )


def decode_id_token(id_token: str, sign_on: DistrictSignOn, jwks_uri: str) -> dict[str, Any]:
    try:
        header = jwt.get_unverified_header(id_token)
        if header.get("alg") not in ALGORITHMS:
            raise OAuth2Error("The ID token is not signed with an accepted algorithm.")
        with get_adapter().get_requests_session() as session:
            response = session.get(jwks_uri)
            response.raise_for_status()
            keys = response.json().get("keys", [])
        matching = [k for k in keys if isinstance(k, dict) and k.get("kid") == header.get("kid")]
        if not matching:
            raise OAuth2Error("The ID token is signed with a key the provider does not publish.")
        key = jwt.PyJWK(matching[0], algorithm=header["alg"])
        return jwt.decode(
            id_token,
            key=key.key,
            algorithms=[header["alg"]],
            audience=sign_on.client_id,
            issuer=sign_on.issuer_url,
            leeway=LEEWAY_SECONDS,
            options={"require": ["exp", "iat", "iss", "aud", "sub"]},
        )
    except (jwt.PyJWTError, ValueError, TypeError) as error:
        raise OAuth2Error(f"The ID token was refused: {error}") from error


def _email_at(claims: dict[str, Any], domain: str) -> bool:
    email = str(claims.get("email") or "")
    return email.lower().rsplit("@", 1)[-1] == domain and "@" in email


def claims_problem(sign_on: DistrictSignOn, claims: dict[str, Any]) -> str | None:
    """Why these claims do not belong to the district, in plain words; None when they do."""
    domain = sign_on.allowed_domain
    if sign_on.kind == SignOnKind.GOOGLE:
        if str(claims.get("hd") or "").lower() != domain:
            return "This Google account is not part of the district's Google Workspace."
    elif sign_on.kind == SignOnKind.MICROSOFT:
        if str(claims.get("tid") or "").lower() != sign_on.tenant_id.lower():
            return "This Microsoft account belongs to another organisation than the district."
        claims.setdefault("email", claims.get("preferred_username"))
        claims.setdefault("email_verified", True)  # the district's own directory vouches for it
    elif sign_on.tenant_claim and str(claims.get(sign_on.tenant_claim) or "") != sign_on.tenant_id:
        return "This account belongs to another organisation than the district."
    if not claims.get("email") or claims.get("email_verified") is not True:
        return "The provider did not confirm an e-mail address for this account."
    if domain and not _email_at(claims, domain):
        return f"Only addresses at {domain} may sign in this way."
    return None


def saml_problem(sign_on: DistrictSignOn, email: str | None) -> str | None:
    if not email or not _email_at({"email": email}, sign_on.allowed_domain):
        return f"Only addresses at {sign_on.allowed_domain} may sign in this way."
    return None


class DistrictOIDCAdapter(OpenIDConnectOAuth2Adapter):
    def complete_login(self, request: HttpRequest, app: SocialApp, token: SocialToken, **kwargs: Any) -> Any:
        sign_on = sign_on_for(self.provider_id)
        id_token = kwargs["response"].get("id_token")
        if sign_on is None or not id_token:
            raise OAuth2Error("The provider sent no ID token.")
        claims = decode_id_token(id_token, sign_on, self.openid_config["jwks_uri"])
        problem = claims_problem(sign_on, claims)
        if problem:
            with transaction.atomic():
                record(sign_on.district, "signin.sso_refused", actor=str(claims.get("email") or "unknown"),
                       subject=sign_on, details={"reason": problem, "subject": str(claims.get("sub", ""))[:200]})  # fmt: skip
            raise PermissionDenied(problem)
        return self.get_provider().sociallogin_from_response(request, {"id_token": claims})
