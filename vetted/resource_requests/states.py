"""The request's states and the ONE table of allowed transitions. Pure Python, no database.

    draft ──submit──> submitted ──assign──> in_review ──decide──> decided
      │                  │  └──answer_at_once (already approved)──────^
      │                  │                  │  ^
      │                  │      request_info│  │respond
      │                  │                  v  │
      │                  │           information_requested
      │                  └── refuse_terms (the director, from submitted, in_review or
      │                       information_requested) ──> decided (not approved)
      └──────────────────┴── withdraw (from draft, submitted, in_review, information_requested) ──> withdrawn

Actions that leave the state as it is (comment, vote, approve_terms, assign more reviewers) are in
the table too, so "may this happen now?" has one answer for every verb.
"""

from __future__ import annotations

from django.db import models

from vetted.kit import states


class State(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    IN_REVIEW = "in_review", "In review"
    INFORMATION_REQUESTED = "information_requested", "Information requested"
    DECIDED = "decided", "Decided"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Outcome(models.TextChoices):
    """The three outcomes of the district's form; values match catalog.DecisionStatus."""

    APPROVED = "approved", "Approved for use"
    APPROVED_WITH_CONSENT = (
        "approved_with_parental_consent",
        "Approved; additional parental notification and permission required",
    )
    NOT_APPROVED = "not_approved", "Not approved for use at this time"


# Most restrictive last: used to settle a disagreement (see services/deciding.py).
RESTRICTIVENESS = [Outcome.APPROVED, Outcome.APPROVED_WITH_CONSENT, Outcome.NOT_APPROVED]

S = State
OPEN = frozenset({S.SUBMITTED, S.IN_REVIEW, S.INFORMATION_REQUESTED})
TERMINAL = frozenset({S.DECIDED, S.WITHDRAWN})
# States in which the review clock runs: it pauses while the committee waits for the requester.
CLOCK_RUNNING = OPEN - {S.INFORMATION_REQUESTED}


class TransitionRefused(states.TransitionRefused):
    """kit's TransitionRefused, worded for a request when a caller gives no message."""

    def __init__(self, action: str, state: str, message: str = "") -> None:
        super().__init__(action, state, message or MACHINE.message(action, state))


def _label(state: str) -> str:
    return State(state).label.lower() if state in State.values else str(state)


T = states.Transition
MACHINE = states.Machine(
    [
        # Only a draft is edited; once submitted, a request changes only through the audited verbs.
        T("edit", {S.DRAFT: S.DRAFT}, verb="edited"),
        T("submit", {S.DRAFT: S.SUBMITTED}, verb="submitted"),
        T("answer_at_once", {S.SUBMITTED: S.DECIDED}, verb="answered"),
        T(
            "assign",
            {
                S.SUBMITTED: S.IN_REVIEW,
                S.IN_REVIEW: S.IN_REVIEW,
                S.INFORMATION_REQUESTED: S.INFORMATION_REQUESTED,
            },
            verb="assigned",
        ),
        T("comment", {s: s for s in OPEN}, verb="commented on"),
        T("request_info", {S.IN_REVIEW: S.INFORMATION_REQUESTED}, verb="sent back for information"),
        T("respond", {S.INFORMATION_REQUESTED: S.IN_REVIEW}, verb="answered"),
        T("approve_terms", {s: s for s in OPEN}, verb="given a terms approval"),
        # The director's refusal is final whatever the committee is doing, even mid-question.
        T.between("refuse_terms", OPEN, S.DECIDED, verb="given a terms refusal"),
        T("vote", {S.IN_REVIEW: S.IN_REVIEW}, verb="voted on"),
        T("decide", {S.IN_REVIEW: S.DECIDED}, verb="decided"),
        T.between("withdraw", {S.DRAFT, *OPEN}, S.WITHDRAWN, verb="withdrawn"),
    ],
    subject="request",
    state_label=_label,
    error=TransitionRefused,
)
# The table by action name; TRANSITIONS[action] holds the states the action may start from.
TRANSITIONS = MACHINE


def allowed(action: str, state: str) -> bool:
    return MACHINE.allowed(action, state)


def next_state(action: str, state: str) -> State:
    """The state after `action`, or TransitionRefused. Unknown actions are a programming error."""
    return State(MACHINE.target(action, state))
