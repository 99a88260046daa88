"""A family's preferred language, recorded by an admin where the roster does not say it. The roster
keeps it: a later import does not overwrite a language an admin set (rosters.upsert, UPSERT_KEEP)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from vetted.audit.services import record
from vetted.districts.models import District
from vetted.rosters.models import Person

from ..forms import LANGUAGE_CODE

GUARDIAN_ROLES = ("parent", "guardian", "relative")


def guardians(district: District, *, q: str = "", unrecorded: bool = True) -> QuerySet[Person]:
    """The district's enabled guardians (those without a recorded language, unless asked for all),
    matching `q` in a name or address."""
    people = Person.objects.filter(district=district, role__in=GUARDIAN_ROLES, enabled=True)
    if unrecorded:
        people = people.filter(language="")
    for word in q.split()[:5]:
        people = people.filter(
            Q(given_name__icontains=word) | Q(family_name__icontains=word) | Q(email__icontains=word)
        )
    return people.order_by("family_name", "given_name", "pk")


@transaction.atomic
def set_language(person: Person, code: str, *, actor: Any) -> Person:
    """Record a guardian's preferred language; imports keep it from now on."""
    code = (code or "").strip().lower()
    if not LANGUAGE_CODE.fullmatch(code):
        raise ValidationError({"language": "Write a language code of 2 to 8 letters, e.g. es or vi."})
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.role not in GUARDIAN_ROLES:
        raise ValidationError({"person": "Only a parent's or guardian's language is recorded here."})
    before = person.language
    person.language, person.language_set_by_admin = code, True
    person.save(update_fields=["language", "language_set_by_admin"])
    record(person.district, "person.language_set", actor=actor, subject=person,
           details={"from": before, "to": code})  # fmt: skip
    return person
