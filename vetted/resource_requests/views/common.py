"""Fetching a request the signed-in user may see, and the detail page with its action forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from vetted.districts.access import get_for_user
from vetted.districts.models import District
from vetted.districts.permissions import can

from .. import gate, selectors
from ..forms import (
    AnswerForm,
    AssignForm,
    CommentForm,
    FlagAnswerForm,
    QuestionForm,
    TermsForm,
    TermsRefusalForm,
    VoteForm,
    WithdrawForm,
)
from ..models import AttachmentStatus, RedFlagAnswer, ResourceRequest
from ..policies import VERB_ACTIONS
from ..services import policy_for
from ..states import TERMINAL, State, allowed


def get_request(request: HttpRequest, district_slug: str, pk: int) -> tuple[District, ResourceRequest]:
    """404 for outsiders, for other staff's requests, and for anyone else's drafts (policies.py)."""
    req = get_for_user(request.user, ResourceRequest, district_slug, pk, "resource_request.view")
    return req.district, req


def available_actions(user: Any, req: ResourceRequest) -> dict[str, bool]:
    """Which action forms to show: `can()` (role and relation) and the state table both allow."""
    shown = {
        verb: can(user, action, req) and allowed(verb, req.state) for verb, action in VERB_ACTIONS.items()
    }
    for verb in ("approve_terms", "refuse_terms"):
        shown[verb] = shown[verb] and req.terms_pending
    return shown


def flagged_documents(
    user: Any, req: ResourceRequest, bound: forms.Form | None, bound_key: tuple[int, str] | None
) -> dict[int, list[dict[str, Any]]]:
    """Per read document: each red flag with its answer and, for the committee, the answer form."""
    may_answer = can(user, "resource_request.answer_flags", req) and req.state not in TERMINAL
    answers = {
        (a.attachment_id, a.provision_id): a
        for a in RedFlagAnswer.objects.filter(attachment__request=req).select_related("answered_by")
    }
    shown: dict[int, list[dict[str, Any]]] = {}
    for doc in req.attachments.filter(status=AttachmentStatus.READ):
        rows = []
        for flag in doc.red_flags:
            key = (doc.pk, str(flag.get("provision_id", "")))
            answer = answers.get(key)
            form = None
            if may_answer:
                form = (
                    bound
                    if bound is not None and key == bound_key
                    else FlagAnswerForm(
                        initial={"answer": answer.answer if answer else ""},
                        auto_id=f"flag_{key[0]}_{key[1]}_%s",
                    )
                )
            rows.append({"flag": flag, "answer": answer, "form": form, "provision_id": key[1]})
        shown[doc.pk] = rows
    return shown


def render_detail(
    request: HttpRequest,
    req: ResourceRequest,
    *,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
    flag_key: tuple[int, str] | None = None,
) -> HttpResponse:
    from .attachments import AttachmentForm  # noqa: PLC0415 — a cycle: attachments imports this module

    bound = bound or {}
    actions = available_actions(request.user, req)
    my_vote = req.assignments.filter(reviewer_id=request.user.pk).first()
    initial_vote = (
        {"outcome": my_vote.vote, "reason": my_vote.vote_reason, "public_reason": my_vote.public_reason}
        if my_vote and my_vote.vote
        else None
    )
    assigned_ids = list(req.assignments.values_list("reviewer_id", flat=True))
    needs = gate.request_needs(req) if req.state not in TERMINAL else []
    may_override = (
        bool(gate.overridable(needs))
        and req.policy_override_at is None
        and can(request.user, "decision.override_policy", req.district)
    )
    vote_form = bound.get("vote") or VoteForm(initial=initial_vote, auto_id="vote_%s")
    if not may_override:
        vote_form.fields.pop("override_reason", None)
    attachments = list(req.attachments.all())
    flag_rows = flagged_documents(request.user, req, bound.get("flag"), flag_key)
    for doc in attachments:
        doc.flag_rows = flag_rows.get(doc.pk, [])  # type: ignore[attr-defined]  # for the template
    context = {
        "district": req.district,
        "req": req,
        "actions": actions,
        "waiting_on": selectors.waiting_on(req, policy_for(req.district).quorum),
        "assignments": req.assignments.select_related("reviewer"),
        "comments": req.comments.select_related("author"),
        "overdue": selectors.is_overdue(req),
        "is_draft": req.state == State.DRAFT,
        "vote_form": vote_form,
        "policy_needs": needs,
        "comment_form": bound.get("comment") or CommentForm(auto_id="comment_%s"),
        "question_form": bound.get("question") or QuestionForm(auto_id="question_%s"),
        "answer_form": bound.get("answer") or AnswerForm(auto_id="answer_%s"),
        "terms_form": bound.get("terms") or TermsForm(auto_id="terms_%s"),
        "refusal_form": bound.get("refusal") or TermsRefusalForm(auto_id="refusal_%s"),
        "withdraw_form": bound.get("withdraw") or WithdrawForm(auto_id="withdraw_%s"),
        "attachments": attachments,
        "may_attach": can(request.user, "resource_request.attach", req) and req.state not in TERMINAL,
        "attach_form": bound.get("attach") or AttachmentForm(auto_id="attach_%s"),
        "assign_form": bound.get("assign")
        or (AssignForm(district=req.district, exclude=[*assigned_ids, req.requester_id], auto_id="assign_%s")
            if actions["assign"] else None),
    }  # fmt: skip
    return render(request, "resource_requests/detail.html", context, status=status)
