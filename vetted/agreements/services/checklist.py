"""The required-provision checklist: what the district's pack stack requires, marked by a person."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vetted.audit.services import record
from vetted.clocks.calendar import checked_stack as district_stack
from vetted.rules import get_provision

from ..models import Agreement, CheckSource, CheckStatus, ProvisionCheck
from ..models.agreement import NONCOMPLIANT_STATUSES
from ..policies import authorize


def sync_checklist(agreement: Agreement) -> int:
    """Add a check for every required provision not yet listed. Existing marks are kept."""
    existing = set(agreement.checks.values_list("provision_id", flat=True))
    new = []
    for position, merged in enumerate(district_stack(agreement.district).required_provisions()):
        if merged.provision_id in existing:
            continue
        params = ", ".join(f"{k}: {v}" for k, v in merged.params.items())
        title = get_provision(merged.provision_id).title + (f" ({params})" if params else "")
        new.append(
            ProvisionCheck(
                agreement=agreement, provision_id=merged.provision_id, title=title[:200],
                citation=merged.citation[:500], required_by=list(merged.required_by), position=position,
            )
        )  # fmt: skip
    ProvisionCheck.objects.bulk_create(new)
    return len(new)


def gaps(agreement: Agreement) -> list[ProvisionCheck]:
    return list(agreement.checks.filter(status__in=NONCOMPLIANT_STATUSES))


def summary(agreement: Agreement) -> dict[str, int]:
    """Counts of a person's marks by status; the automatic review's findings are counted apart, as
    `proposed` (by status in `proposed_<status>`), until a person accepts or overrides them; `accepted`
    counts the unmet provisions a named person accepted with a reason."""
    counts = {s.value: 0 for s in CheckStatus}
    counts |= {f"proposed_{s.value}": 0 for s in CheckStatus}
    counts |= {"proposed": 0, "accepted": 0}
    for status, source, accepted in agreement.checks.values_list("status", "source", "accepted_reason"):
        if source == CheckSource.AUTOMATIC:
            counts["proposed"] += 1
            counts[f"proposed_{status}"] += 1
        else:
            counts[status] += 1
            counts["accepted"] += bool(accepted) and status != CheckStatus.PRESENT
    return counts


def settled(check: ProvisionCheck) -> bool:
    """Met (a person found it present) or accepted by a named person with a reason."""
    if check.source != CheckSource.PERSON:
        return False
    if check.status == CheckStatus.PRESENT:
        return True
    return bool(check.accepted_reason) and check.accepted_by_id is not None


def unsettled(agreement: Agreement) -> list[ProvisionCheck]:
    """Required provisions neither met nor accepted with a reason by a person."""
    return [c for c in agreement.checks.filter(required_by__isnull=False) if c.required_by and not settled(c)]


def _titles(checks: list[ProvisionCheck]) -> str:
    return "; ".join(c.title for c in checks)


def provision_gaps(agreement: Agreement) -> list[str]:
    """What the checklist still lacks, in plain sentences (the execution and general-offer gates)."""
    open_checks = unsettled(agreement)
    proposed = [c for c in open_checks if c.source == CheckSource.AUTOMATIC]
    unmarked = [c for c in open_checks if c.source != CheckSource.AUTOMATIC]
    lines = []
    if proposed:
        lines.append(
            f"{len(proposed)} required provision{'s are' if len(proposed) > 1 else ' is'} only the automatic "
            f"review's proposal; a person must accept or correct {'them' if len(proposed) > 1 else 'it'}: "
            f"{_titles(proposed)}."
        )
    if unmarked:
        lines.append(
            f"{len(unmarked)} required provision{'s are' if len(unmarked) > 1 else ' is'} neither met nor "
            f"accepted with a reason: {_titles(unmarked)}."
        )
    return lines


def execution_gaps(agreement: Agreement) -> dict[str, list[str]]:
    """Everything executing still needs, by field (empty: ready). A subscription to a general offer
    stands on the offer's own checklist (which passed this gate) and the vendor's signature on it;
    it needs the district's own signatory and its own signed copy (the Exhibit E it signed)."""
    missing: dict[str, list[str]] = {}
    if not agreement.district_signatory_name.strip():
        missing["district_signatory_name"] = ["Name the person who signs for the district."]
    if not agreement.vendor_signatory_name.strip() and agreement.parent_id is None:
        missing["vendor_signatory_name"] = ["Name the person who signs for the vendor."]
    if not agreement.documents.filter(signed_copy=True).exists():
        missing["signed_copy"] = (
            ["Upload the Exhibit E your district signed; it is kept as this subscription's signed copy."]
            if agreement.parent_id is not None
            else ["Upload the signed copy and mark it “signed copy”."]
        )
    if agreement.parent_id is not None:
        return missing
    lines = provision_gaps(agreement)
    if lines:
        missing["checks"] = lines
    return missing


@transaction.atomic
def accept_gap(check: ProvisionCheck, *, actor: Any, reason: str) -> ProvisionCheck:
    """A named person accepts a required provision the agreement does not meet, and says why."""
    authorize(actor, "agreement.edit", check.agreement)
    reason = reason.strip()[:1000]
    if not reason:
        raise ValidationError(
            {"reason": "Say why the district accepts the agreement without this provision."}
        )
    check = ProvisionCheck.objects.select_for_update().select_related("agreement__district").get(pk=check.pk)
    _refuse_adopted(check)
    if check.status == CheckStatus.PRESENT:
        raise ValidationError({"reason": "This provision is present; there is nothing to accept."})
    if check.status == CheckStatus.UNREVIEWED:
        raise ValidationError({"reason": "Mark the provision first (missing, insufficient or in conflict)."})
    before = {"status": check.status, "source": check.source, "accepted_reason": check.accepted_reason}
    now = timezone.now()
    check.source, check.reviewed_by, check.reviewed_at = CheckSource.PERSON, actor, now
    check.accepted_reason, check.accepted_by, check.accepted_at = reason, actor, now
    check.save()
    record(
        check.agreement.district, "agreement.provision_accepted", actor=actor, subject=check.agreement,
        details={"provision": check.provision_id, "status": check.status, "before": before, "reason": reason},
    )  # fmt: skip
    return check


ADOPTED_READ_ONLY = (
    "This mark comes with the general offer from the originating district; it cannot be changed here."
)


def _refuse_adopted(check: ProvisionCheck) -> None:
    if check.source == CheckSource.ADOPTED:
        raise ValidationError(ADOPTED_READ_ONLY)


@transaction.atomic
def mark_check(
    check: ProvisionCheck, *, actor: Any, status: str, location: str = "", note: str = ""
) -> ProvisionCheck:
    """A person's mark on one provision. Present needs the page or section where it is found."""
    authorize(actor, "agreement.edit", check.agreement)
    if status not in CheckStatus.values:
        raise ValidationError(
            {"status": "Choose present, missing, insufficient, in conflict or not reviewed."}
        )
    location, note = location.strip(), note.strip()
    if status == CheckStatus.PRESENT and not location:
        raise ValidationError({"location": "Give the page or section where the provision is found."})
    if status == CheckStatus.CONFLICT and not note:
        raise ValidationError({"note": "Say what in the agreement conflicts with the provision."})
    if status == CheckStatus.INSUFFICIENT and not note:
        raise ValidationError({"note": "Say what the agreement lacks to meet the requirement."})
    check = ProvisionCheck.objects.select_for_update().select_related("agreement__district").get(pk=check.pk)
    _refuse_adopted(check)
    before = check.status
    check.status, check.location, check.note = status, location[:120], note[:1000]
    check.source, check.confidence = CheckSource.PERSON, None
    check.reviewed_by, check.reviewed_at = actor, timezone.now()
    check.accepted_reason, check.accepted_by, check.accepted_at = "", None, None  # a new mark, a new look
    check.save()
    record(
        check.agreement.district, "agreement.provision_checked", actor=actor, subject=check.agreement,
        details={"provision": check.provision_id, "from": before, "to": status, "location": check.location},
    )  # fmt: skip
    return check


def _locked_automatic(check: ProvisionCheck) -> ProvisionCheck:
    check = ProvisionCheck.objects.select_for_update().select_related("agreement__district").get(pk=check.pk)
    if check.source != CheckSource.AUTOMATIC:
        raise ValidationError("This item has no automatic finding to accept or override.")
    return check


@transaction.atomic
def accept_finding(check: ProvisionCheck, *, actor: Any) -> ProvisionCheck:
    """A person confirms the automatic finding: same status, now theirs (a new review won't touch it)."""
    authorize(actor, "agreement.edit", check.agreement)
    check = _locked_automatic(check)
    check.source, check.reviewed_by, check.reviewed_at = CheckSource.PERSON, actor, timezone.now()
    check.save(update_fields=["source", "reviewed_by", "reviewed_at"])
    record(
        check.agreement.district, "agreement.check_accepted", actor=actor, subject=check.agreement,
        details={"provision": check.provision_id, "status": check.status, "confidence": check.confidence},
    )  # fmt: skip
    return check


@transaction.atomic
def override_finding(
    check: ProvisionCheck, *, actor: Any, status: str, reason: str, location: str = ""
) -> ProvisionCheck:
    """A person replaces the automatic finding with another status, and must say why."""
    authorize(actor, "agreement.edit", check.agreement)
    reason, location = reason.strip()[:1000], location.strip()[:120]
    if not reason:
        raise ValidationError({"reason": "Say why the automatic finding is wrong."})
    if status not in CheckStatus.values or status == CheckStatus.UNREVIEWED:
        raise ValidationError({"status": "Choose present, missing, insufficient or in conflict."})
    check = _locked_automatic(check)
    if status == check.status:
        raise ValidationError({"status": "That is the automatic finding already; accept it instead."})
    location = location or check.location
    if status == CheckStatus.PRESENT and not location:
        raise ValidationError({"location": "Give the page or section where the provision is found."})
    before = {"status": check.status, "note": check.note, "confidence": check.confidence}
    check.status, check.note, check.location = status, reason, location
    check.source, check.reviewed_by, check.reviewed_at = CheckSource.PERSON, actor, timezone.now()
    check.accepted_reason, check.accepted_by, check.accepted_at = "", None, None
    check.save()
    record(
        check.agreement.district, "agreement.check_overridden", actor=actor, subject=check.agreement,
        details={"provision": check.provision_id, "before": before, "after": {"status": status,
                 "location": location}, "reason": reason},
    )  # fmt: skip
    return check
