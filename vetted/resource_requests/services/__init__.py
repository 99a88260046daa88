"""The verbs on staff requests. Each runs in one transaction, writes its audit event there, and
sends mail only after commit (through the shared outbox's rows)."""

from .base import NotAllowed, policy_for
from .deciding import ALREADY_APPROVED, refuse_terms, tally, vote
from .drafting import FORM_FIELDS, create_draft, submit, update_draft, withdraw
from .reviewing import approve_terms, assign, auto_assign, comment, request_information, respond

__all__ = [
    "ALREADY_APPROVED", "FORM_FIELDS", "NotAllowed", "approve_terms", "assign", "auto_assign", "comment",
    "create_draft", "policy_for", "refuse_terms", "request_information", "respond", "submit", "tally",
    "update_draft", "vote", "withdraw",
]  # fmt: skip
