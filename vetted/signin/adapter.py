"""Our rules inside allauth: nobody signs themselves up with a password; a district's single sign-on
links or creates an account only within that district, and a first sign-in gets at most the
district's default role (or waits for an admin)."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import render

from vetted.audit.services import record
from vetted.districts.models import Membership, User
from vetted.signin.models import DistrictSignOn, FirstSignIn, SignOnApproval, SignOnKind
from vetted.signin.oidc import app_for, saml_problem, sign_on_for


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": (
            "Too many failed sign-in attempts. This account is locked for a while; try again in "
            "15 minutes, or reset your password."
        ),
        "email_password_mismatch": "That e-mail address and password do not match an account.",
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # A district's admin adds its people; there is no public sign-up.
        return False


def _refuse(request: HttpRequest, reason: str) -> ImmediateHttpResponse:
    return ImmediateHttpResponse(render(request, "signin/sso_refused.html", {"reason": reason}, status=403))


def _sign_on(request: HttpRequest, sociallogin: Any) -> DistrictSignOn:
    sign_on = sign_on_for(sociallogin.account.provider)
    if sign_on is None:  # only district sign-ons are configured; anything else is not ours
        raise _refuse(request, "This sign-in is not set up for any district.")
    return sign_on


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request: HttpRequest, provider: Any = None, client_id: Any = None) -> list[SocialApp]:
        apps = super().list_apps(request, provider=provider, client_id=client_id)
        if provider is None:
            rows = list(DistrictSignOn.objects.filter(enabled=True))
        elif provider in ("openid_connect", "saml"):
            saml = DistrictSignOn.objects.filter(enabled=True, kind=SignOnKind.SAML)
            rows = list(
                saml
                if provider == "saml"
                else DistrictSignOn.objects.filter(enabled=True).exclude(pk__in=saml.values("pk"))
            )
        else:
            row = sign_on_for(str(provider))
            rows = [row] if row else []
        ours = [app_for(row) for row in rows]
        return apps + [app for app in ours if client_id in (None, app.client_id)]

    def pre_social_login(self, request: HttpRequest, sociallogin: Any) -> None:
        """An address the provider vouches for may already have an account. It is linked only if
        that account belongs to this district alone: otherwise one district's provider could take
        over a person of another district (or the site's superuser)."""
        sign_on = _sign_on(request, sociallogin)
        if sign_on.kind == SignOnKind.SAML:
            # The OpenID Connect claims are checked in oidc.py; a SAML answer's address here.
            problem = saml_problem(sign_on, sociallogin.user.email)
            if problem:
                with transaction.atomic():
                    record(sign_on.district, "signin.sso_refused", actor=sociallogin.user.email or "unknown",
                           subject=sign_on, details={"reason": problem})  # fmt: skip
                raise _refuse(request, problem)
        if sociallogin.is_existing:
            return
        email = sociallogin.user.email
        user = User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).first()
        if user is None:
            return
        districts = set(user.memberships.values_list("district_id", flat=True))
        if user.is_superuser or districts != {sign_on.district_id}:
            raise _refuse(
                request,
                "An account with this e-mail address already exists outside this district's sign-in. "
                "Sign in with your password, or ask your district's admin.",
            )
        with transaction.atomic():
            sociallogin.connect(request, user)
            record(sign_on.district, "signin.sso_linked", actor=user, subject=user,
                   details={"sign_on": sign_on.label, "provider": sign_on.kind})  # fmt: skip

    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        return sign_on_for(sociallogin.account.provider) is not None

    def populate_user(self, request: HttpRequest, sociallogin: Any, data: dict[str, Any]) -> Any:
        user = super().populate_user(request, sociallogin, data)
        user.email = (user.email or "").lower()
        user.username = user.email
        user.full_name = " ".join(p for p in (data.get("first_name"), data.get("last_name")) if p)[:200]
        return user

    def save_user(self, request: HttpRequest, sociallogin: Any, form: Any = None) -> Any:
        """A first sign-in: the account, and at most the district's default role (or a wait)."""
        sign_on = _sign_on(request, sociallogin)
        with transaction.atomic():
            user = super().save_user(request, sociallogin, form)
            details = {"sign_on": sign_on.label, "provider": sign_on.kind}
            if sign_on.first_sign_in == FirstSignIn.APPROVAL:
                SignOnApproval.objects.create(district=sign_on.district, user=user, sign_on=sign_on)
                record(
                    sign_on.district,
                    "signin.sso_awaiting_approval",
                    actor=user,
                    subject=user,
                    details=details,
                )
            else:
                Membership.objects.create(user=user, district=sign_on.district, role=sign_on.default_role)
                record(sign_on.district, "signin.sso_first_sign_in", actor=user, subject=user,
                       details={**details, "role": sign_on.default_role})  # fmt: skip
        return user
