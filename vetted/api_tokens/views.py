"""The person's own API tokens: list, create (the token shown once), revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from vetted.districts.access import user_districts
from vetted.districts.models import User
from vetted.kit.forms import add_service_errors

from . import services
from .forms import NewTokenForm
from .models import ApiToken


@never_cache  # the page that shows a new token must not be kept by a browser or a proxy
@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)  # login_required
    form = NewTokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_token(request.user, **form.cleaned_data)
            form = NewTokenForm()
        except ValidationError as exc:
            add_service_errors(form, exc)
    districts = user_districts(request.user)
    now = timezone.now()
    rows = [(t, t.status(now)) for t in ApiToken.objects.filter(user=request.user)]
    context = {
        "form": form,
        "created": created,
        "rows": rows,
        # Times are shown in the zone of the person's first district (named next to each time).
        "zone": districts[0] if districts else "UTC",
        "districts": districts,
    }
    return render(
        request,
        "api_tokens/tokens.html",
        context,
    )


@login_required
@require_POST
def revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    assert isinstance(request.user, User)  # login_required
    # Another person's token is "not found", exactly like one that does not exist.
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    if services.revoke_token(token, actor=request.user):
        messages.success(request, f"The token “{token.name}” was revoked; it no longer works.")
    return redirect("api-tokens")
