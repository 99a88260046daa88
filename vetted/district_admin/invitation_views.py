"""The invitee's page, reached through the e-mailed link: see who invited you to what, then accept or
decline. No sign-in: holding the link proves the mailbox, as a password-reset link does. Self-contained
(its own route and Django's SetPasswordForm), so it keeps working whatever signs people in."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.views.decorators.cache import never_cache

from vetted.districts.models import Role, User

from . import invitations
from .models import Invitation


class AcceptForm(SetPasswordForm):
    """Django's password-set form (with the project's password validators), plus the person's name."""

    full_name = forms.CharField(label="Your full name", max_length=200)
    field_order = ["full_name", "new_password1", "new_password2"]


def _gone(request: HttpRequest, invitation: Invitation | None, status: int) -> HttpResponse:
    context = {"invitation": invitation, "login_url": resolve_url(settings.LOGIN_URL)}
    return render(request, "district_admin/invitation_gone.html", context, status=status)


@never_cache
def answer(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitations.find(token)
    if invitation is None or not invitation.is_open:
        # Unknown, replaced by a re-sent link, withdrawn, declined or already accepted: one plain page.
        return _gone(request, invitation, 404)
    if invitation.is_expired:
        return _gone(request, invitation, 410)
    form: AcceptForm | None = None
    if invitations.needs_password(invitation):
        someone = invitations.account_for(invitation) or User(
            username=invitation.email, email=invitation.email, full_name=invitation.full_name
        )
        data = request.POST if request.method == "POST" and request.POST.get("answer") == "accept" else None
        form = AcceptForm(someone, data, initial={"full_name": someone.full_name})
    if request.method == "POST":
        choice = request.POST.get("answer")
        if choice == "decline":
            try:
                invitations.decline(invitation)
            except ValidationError as exc:  # answered meanwhile, in another tab
                messages.error(request, " ".join(exc.messages))
                return redirect("invitation", token)
            messages.success(
                request, f"You declined the invitation to {invitation.district.name}. Nothing changed."
            )
            return redirect("home")
        if choice == "accept" and (form is None or form.is_valid()):
            kwargs: dict[str, Any] = {}
            if form is not None:
                kwargs = {
                    "password": form.cleaned_data["new_password1"],
                    "full_name": form.cleaned_data["full_name"],
                }
            try:
                invitations.accept(invitation, **kwargs)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect("invitation", token)
            messages.success(request, f"You joined {invitation.district.name}. Sign in to start.")
            return redirect(resolve_url(settings.LOGIN_URL))
    context = {
        "invitation": invitation, "form": form, "role": Role(invitation.role).label,
        "inviter": invitation.invited_by.display_name if invitation.invited_by else "A privacy officer",
    }  # fmt: skip
    return render(
        request, "district_admin/invitation.html", context, status=400 if form and form.errors else 200
    )
