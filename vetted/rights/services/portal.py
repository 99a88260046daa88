"""What a signed-in family member does in the portal: change a permission, opt a student out of
directory information (or back in). Each checks the member may act for the student (identity)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from vetted.audit.services import record
from vetted.notices.models import Consent, Notice
from vetted.notices.services.consent import record_portal_answer
from vetted.rosters.models import Person

from .. import identity
from ..models import DirectoryOptOut
from ..selectors import directory_opted_out

ACTOR = "family (portal)"


def _check(member: identity.FamilyMember, student: Person) -> None:
    access = identity.child_for(member, student.pk)
    if access is None or not access.may_act:
        raise PermissionDenied("You cannot act for this student.")


def change_permission(
    member: identity.FamilyMember, student: Person, notice: Notice, *, decision: str,
    client_ip: str | None, user_agent: str = "",
) -> Consent:  # fmt: skip
    _check(member, student)
    return record_portal_answer(notice, student=student, member=member.person, decision=decision,
                                client_ip=client_ip, user_agent=user_agent)  # fmt: skip


@transaction.atomic
def set_directory_opt_out(
    member: identity.FamilyMember, student: Person, *, opted_out: bool
) -> DirectoryOptOut:
    """Record the family's directory-information choice for the student (a new row each time it
    changes; the same choice again records nothing new and returns the current row)."""
    _check(member, student)
    district = member.district
    latest = DirectoryOptOut.objects.filter(district=district, student=student).order_by("-id").first()
    if latest is not None and latest.opted_out == opted_out:
        return latest
    if latest is None and not opted_out:
        raise ValidationError("The student is not opted out.")
    row = DirectoryOptOut.objects.create(
        district=district, student=student, opted_out=opted_out, by_person=member.person,
        channel=DirectoryOptOut.Channel.PORTAL, recorded_at=timezone.now(),
    )  # fmt: skip
    record(district, "directory.opt_out_changed", actor=ACTOR, subject=row,
           details={"student": student.pk, "opted_out": opted_out, "member": member.person.pk,
                    "channel": "portal"})  # fmt: skip
    return row


__all__ = ["change_permission", "directory_opted_out", "set_directory_opt_out"]
