"""POST-only actions on a request's page. Refusals: 404 (cannot see it), 403 (may not act),
409 with a message (the state does not allow it, e.g. already decided), 400 with the bound form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from vetted.districts.permissions import can
from vetted.kit.forms import add_service_errors

from .. import services
from ..forms import (
    AnswerForm,
    AssignForm,
    CommentForm,
    QuestionForm,
    TermsForm,
    TermsRefusalForm,
    VoteForm,
    WithdrawForm,
)
from ..models import ResourceRequest
from ..policies import VERB_ACTIONS
from ..states import TransitionRefused
from .common import get_request, render_detail


def _run(
    request: HttpRequest, district_slug: str, pk: int, *, action: str, form_key: str,
    form_class: Callable[..., forms.Form], call: Callable[[ResourceRequest, dict[str, Any]], str],
) -> HttpResponse:  # fmt: skip
    _, req = get_request(request, district_slug, pk)
    if not can(request.user, VERB_ACTIONS[action], req):
        raise PermissionDenied("You may not do that on this request.")
    # The state is checked by the service under a row lock (409 below), not here.
    kwargs: dict[str, Any] = {"auto_id": f"{form_key}_%s"}
    if form_class is AssignForm:
        kwargs.update(district=req.district, exclude=[req.requester_id])
    form = form_class(request.POST, **kwargs)
    if form.is_valid():
        try:
            messages.success(request, call(req, form.cleaned_data))
            return redirect("request-detail", req.district.slug, req.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
            # Also at the top of the page: the form's section may no longer be shown.
            messages.error(request, " ".join(exc.messages))
        except TransitionRefused as exc:
            req.refresh_from_db()
            return _conflict(request, req, exc)
        except services.NotAllowed as exc:
            raise PermissionDenied(str(exc)) from exc
    return render_detail(request, req, bound={form_key: form}, status=400)


def _conflict(request: HttpRequest, req: ResourceRequest, exc: TransitionRefused) -> HttpResponse:
    messages.error(request, str(exc))
    return render_detail(request, req, status=409)


@login_required
@require_POST
def submit(request: HttpRequest, district_slug: str, pk: int) -> HttpResponse:
    _, req = get_request(request, district_slug, pk)
    if not can(request.user, "resource_request.submit", req):
        raise PermissionDenied("Only the requester can submit a request.")
    try:
        req = services.submit(req, actor=request.user)
    except ValidationError as exc:
        messages.error(request, "Complete the request before submitting it: " + " ".join(exc.messages))
        return redirect("request-edit", req.district.slug, req.pk)
    except TransitionRefused as exc:
        return _conflict(request, req, exc)
    messages.success(request, "Your request is submitted.")
    return redirect("request-detail", req.district.slug, req.pk)


@login_required
@require_POST
def vote(request: HttpRequest, district_slug: str, pk: int) -> HttpResponse:
    def call(req: ResourceRequest, data: dict[str, Any]) -> str:
        req = services.vote(req, actor=request.user, outcome=data["outcome"], reason=data["reason"],
                            public_reason=data.get("public_reason", ""),
                            override_reason=data.get("override_reason", ""))  # fmt: skip
        if req.state == "decided":
            return (
                f"Decided: {req.get_outcome_display()}. The registry shows it now and the requester is told."
            )
        return "Your decision is recorded; the request waits for the others listed below."

    return _run(request, district_slug, pk, action="vote", form_key="vote", form_class=VoteForm, call=call)


@login_required
@require_POST
def comment(request: HttpRequest, district_slug: str, pk: int) -> HttpResponse:
    def call(req: ResourceRequest, data: dict[str, Any]) -> str:
        services.comment(req, actor=request.user, body=data["body"])
        return "Comment added."

    return _run(
        request, district_slug, pk, action="comment", form_key="comment", form_class=CommentForm, call=call
    )


@login_required
@require_POST
def request_info(request: HttpRequest, district_slug: str, pk: int) -> HttpResponse:
    def call(req: ResourceRequest, data: dict[str, Any]) -> str:
        services.request_information(req, actor=request.user, question=data["question"])
        return "Your question is sent to the requester."

    return _run(request, district_slug, pk, action="request_info", form_key="question", form_class=QuestionForm,
                call=call)  # fmt: skip


@login_required
@require_POST
def respond(request: HttpRequest, district_slug: str, pk: int) -> HttpResponse:
    def call(req: ResourceRequest, data: dict[str, Any]) -> str:
        services.respond(req, actor=request.user, answer=data["answer"])
        return "Your answer is sent to the committee."

    return _run(
        request, district_slug, pk, action="respond", form_key="answer", form_class=AnswerForm, call=call
    )


@login_required
@require_POST
def approve_terms(request: HttpRequest, district_slug: str, pk: int) -> HttpResponse:
    def call(req: ResourceRequest, data: dict[str, Any]) -> str:
        req = services.approve_terms(req, actor=request.user, note=data["note"])
        return "Terms approved." + (" The request is now decided." if req.state == "decided" else "")

    return _run(request, district_slug, pk, action="approve_terms", form_key="terms", form_class=TermsForm,
                call=call)  # fmt: skip


@login_required
@require_POST
def refuse_terms(request: HttpRequest, district_slug: str, pk: int) -> HttpResponse:
    def call(req: ResourceRequest, data: dict[str, Any]) -> str:
        services.refuse_terms(req, actor=request.user, reason=data["reason"],
                              public_reason=data.get("public_reason", ""))  # fmt: skip
        return "Terms refused. The request is decided not approved and the requester is told."

    return _run(request, district_slug, pk, action="refuse_terms", form_key="refusal",
                form_class=TermsRefusalForm, call=call)  # fmt: skip


@login_required
@require_POST
def withdraw(request: HttpRequest, district_slug: str, pk: int) -> HttpResponse:
    def call(req: ResourceRequest, data: dict[str, Any]) -> str:
        services.withdraw(req, actor=request.user, reason=data["reason"])
        return "Your request is withdrawn."

    return _run(request, district_slug, pk, action="withdraw", form_key="withdraw", form_class=WithdrawForm,
                call=call)  # fmt: skip


@login_required
@require_POST
def assign(request: HttpRequest, district_slug: str, pk: int) -> HttpResponse:
    def call(req: ResourceRequest, data: dict[str, Any]) -> str:
        services.assign(req, data["reviewer"], actor=request.user)
        return f"{data['reviewer'].display_name} is assigned."

    return _run(
        request, district_slug, pk, action="assign", form_key="assign", form_class=AssignForm, call=call
    )
