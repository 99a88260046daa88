"""The verbs on staff requests. Each runs in one transaction, writes its audit event there, and
sends mail only after commit (through the shared outbox's rows)."""

from .base import NotAllowed, policy_for
from .deciding import ALREADY_APPROVED, refuse_terms, tally, vote
from .drafting import (
    FORM_FIELDS,
    approval_answering,
    create_draft,
    missing_for_submit,
    save_and_submit,
    submit,
    update_draft,
    withdraw,
)
from .reviewing import approve_terms, assign, auto_assign, comment, request_information, respond

__all__ = [
    "ALREADY_APPROVED", "FORM_FIELDS", "NotAllowed", "approval_answering", "approve_terms", "assign", "auto_assign", "comment",
    "create_draft", "missing_for_submit", "policy_for", "refuse_terms", "request_information", "respond", "submit", "tally",
    "save_and_submit", "update_draft", "vote", "withdraw",
]  # fmt: skip
