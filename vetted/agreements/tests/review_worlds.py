"""A draft agreement with one document already reviewed by the worker (the real sandbox, run once)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from vetted.agreements.models import Agreement, AgreementDocument, ProvisionCheck
from vetted.agreements.tasks import reviews as tasks
from vetted.documents import sandbox

from .review_documents import dpa_pdf, store_document


@dataclass
class World:
    slug: str
    agreement: Agreement
    doc: AgreementDocument
    check: ProvisionCheck


@functools.cache
def _outcome() -> sandbox.SandboxOutcome:
    """One real sandboxed review per test session; every world reuses it."""
    from vetted.rules import load_stack

    stack = load_stack(["us-ct", "demo-ct-2017"])
    return sandbox.review_in_child(dpa_pdf(), "dpa.pdf", requirements=stack.required_provisions(), state="CT")


def reviewed_world(draft: Agreement, ct: Any, monkeypatch: Any) -> World:
    monkeypatch.setattr(tasks, "review_in_child", lambda *a, **k: _outcome())
    doc = store_document(draft, dpa_pdf(), "dpa.pdf", actor=ct.user("admin"))
    assert tasks.run_document_reviews(timezone.now()) == 1
    check = draft.checks.get(provision_id="breach_notification")
    assert check.source == "automatic" and check.status == "insufficient"
    return World(ct.district.slug, draft, doc, check)
