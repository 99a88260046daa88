"""Our rules inside allauth: nobody signs themselves up; messages in plain words."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.http import HttpRequest


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


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        return False  # SSO sign-up is decided per district (vetted.signin.sso)
