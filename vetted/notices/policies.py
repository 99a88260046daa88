"""Who may see, send and answer notices: registered into `districts.permissions.can()`.

* notice.view / notice.manage: the staff notice pages (below).

Imported by NoticesConfig.ready().

* consent.record_paper: admins only (a reply slip names a student: roster data, which only admins see).
* class.view_permissions: the one place roster data reach someone who is not an admin: a teacher
  sees, for the classes they teach, which students have permission for a resource. Every role may
  hold it in the role table; the relation rule then asks, for a class, that the person is an admin
  of its district or teaches it: a roster person with the role `teacher`, enabled, whose e-mail
  address is the signed-in person's (compared without case), enrolled in the class as its teacher.
  Anyone else (reviewers, auditors, staff, the technology director) gets 404 for a class they do not
  teach, like an outsider: whether a class exists is roster data too.
  The address is trusted because nobody sets their own: an admin's invitation fixes it, or the
  district's single sign-on vouches for it (Vetted serves no route to change one's e-mail address).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from vetted.districts.models import District, Role
from vetted.districts.permissions import register_actions, relation, role_in
from vetted.rosters.models import Enrollment, SchoolClass

register_actions({
    "consent.record_paper": frozenset({Role.ADMIN}),
    "class.view_permissions": frozenset(Role),
})  # fmt: skip
# Staff notice pages: admins write, send and keep the wording; the technology director, reviewers and
# auditors may read the notices and their delivery totals (never a family's row); staff see none.
register_actions({
    "notice.view": frozenset({Role.ADMIN, Role.TECHNOLOGY_DIRECTOR, Role.REVIEWER, Role.AUDITOR}),
    "notice.manage": frozenset({Role.ADMIN}),
})  # fmt: skip
# The printed letters name students, so admins only.
register_actions({"notice.letters": frozenset({Role.ADMIN})})


def taught_classes(user: Any, district: District) -> QuerySet[SchoolClass]:
    """The classes of the district the signed-in person teaches (by the roster's teacher e-mail)."""
    email = (getattr(user, "email", "") or "").strip()
    if not email or "@" not in email:
        return SchoolClass.objects.none()
    taught = Enrollment.objects.filter(
        district=district, role="teacher", person__role="teacher", person__enabled=True,
        person__email__iexact=email,
    ).values("school_class_id")  # fmt: skip
    return SchoolClass.objects.filter(district=district, pk__in=taught)


def visible_classes(user: Any, district: District) -> QuerySet[SchoolClass]:
    """All classes for an admin; the classes one teaches for everyone else."""
    if role_in(user, district) == Role.ADMIN:
        return SchoolClass.objects.filter(district=district)
    return taught_classes(user, district)


@relation("class.view_permissions")
def teaches_or_admin(user: Any, obj: Any) -> bool:
    if not isinstance(obj, SchoolClass):
        return False
    return visible_classes(user, obj.district).filter(pk=obj.pk).exists()
