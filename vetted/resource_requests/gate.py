"""What the district's policy still needs before a resource is approved: one reader for the
request's decision form, the vote, the API and the catalogue's direct decision.

* **An executed agreement** (the district's ReviewPolicy.require_executed_agreement, off by
  default): a resource that stores student information is approved only once a fully executed,
  unexpired data privacy agreement of this district lists it. "Stores student information" is
  read the safe way: unless the data it collects were recorded as none (and it has no student
  accounts), it does.
* **Red flags answered**: every red flag the reader found in a document attached to the request
  carries a committee member's answer before an approval is recorded.
* **The technology director** (shown, never overridden): where terms or an agreement are
  involved, an approval waits for the director's approval of the terms (deciding.settle).

An admin may approve before the first two are met by giving a reason (kept on the request and in
the audit trail); the director's gate has its own verbs.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from vetted.agreements.models import Agreement, AgreementStatus
from vetted.catalog import approval_gate
from vetted.catalog.models import Resource
from vetted.districts.models import District

from .models import AttachmentStatus, RedFlagAnswer, ResourceRequest, ReviewPolicy
from .selectors import find_catalog_match

AGREEMENT, RED_FLAGS, DIRECTOR = "agreement", "red_flags", "director"


@dataclass(frozen=True)
class Need:
    code: str
    text: str
    overridable: bool = True


def _requires_agreement(district: District) -> bool:
    policy = ReviewPolicy.objects.filter(district=district).only("require_executed_agreement").first()
    return bool(policy and policy.require_executed_agreement)


def executed_agreement(district: District, resource: Resource | None) -> Agreement | None:
    """This district's fully executed, unexpired agreement that lists `resource`, if any."""
    if resource is None or resource.pk is None:
        return None
    today = timezone.localdate()
    return (
        Agreement.objects.filter(district=district, status=AgreementStatus.FULLY_EXECUTED, resources=resource)
        .filter(Q(expiry_date__isnull=True) | Q(expiry_date__gte=today))
        .order_by("-executed_date", "-pk")
        .first()
    )


def resource_stores_student_data(resource: Resource) -> bool:
    if resource.student_accounts_required or not resource.data_elements_recorded:
        return True
    return resource.data_elements.exists()


def request_stores_student_data(req: ResourceRequest) -> bool:
    if req.student_accounts or not req.collects_no_student_data:
        return True
    return req.data_elements.exists()


def _agreement_need(district: District, resource: Resource | None, stores: bool) -> list[Need]:
    if not stores or not _requires_agreement(district) or executed_agreement(district, resource):
        return []
    return [
        Need(
            AGREEMENT,
            "A fully executed data privacy agreement covering this resource: the district approves "
            "a resource that stores student information only under one.",
        )
    ]


def _unanswered_flags(req: ResourceRequest) -> int:
    answered = set(
        RedFlagAnswer.objects.filter(attachment__request=req).values_list("attachment_id", "provision_id")
    )
    return sum(
        1
        for doc in req.attachments.filter(status=AttachmentStatus.READ)
        for flag in doc.red_flags
        if (doc.pk, flag.get("provision_id")) not in answered
    )


def request_resource(req: ResourceRequest) -> Resource | None:
    return req.resource or find_catalog_match(req.resource_name, req.resource_url, req.vendor_name)


def request_needs(req: ResourceRequest) -> list[Need]:
    """What the policy still needs before this request may be approved (empty: nothing)."""
    needs = _agreement_need(req.district, request_resource(req), request_stores_student_data(req))
    open_flags = _unanswered_flags(req) if req.pk else 0
    if open_flags:
        needs.append(
            Need(RED_FLAGS, f"An answer to {open_flags} red flag{'s' if open_flags != 1 else ''} in the "
                 "attached documents: say why each does not stop the approval, or what was done about it.")
        )  # fmt: skip
    if req.terms_pending:
        needs.append(
            Need(DIRECTOR, "The technology director's approval of the terms of service or agreement.", False)
        )
    return needs


def overridable(needs: list[Need]) -> list[Need]:
    return [n for n in needs if n.overridable]


@approval_gate.register
def catalogue_needs(district: District, resource: Resource) -> list[str]:
    """The direct catalogue decision asks the same agreement rule (a request has no part in it)."""
    return [n.text for n in _agreement_need(district, resource, resource_stores_student_data(resource))]
