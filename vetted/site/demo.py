"""Build the fictional demo district. Idempotent: running it twice changes nothing."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify

from vetted.agreements.demo import seed_demo_agreements  # each app seeds its own demo rows
from vetted.audit.services import record
from vetted.catalog import services as catalog
from vetted.catalog.models import DataElement, Resource, ResourceDecision, Subject, Vendor
from vetted.districts.models import Consortium, District, Membership, Role, User
from vetted.resource_requests.demo import seed_demo_requests  # staff requests in several states

from .demo_catalog import DEMO_RESOURCES
from .demo_roster import seed_demo_roster

DEMO_SLUG = "maple-hollow"


def demo_password() -> str:
    """VETTED_DEMO_PASSWORD if the operator set one, else a new random one for each account, so no
    two installs share a password and none is published."""
    return os.environ.get("VETTED_DEMO_PASSWORD") or secrets.token_urlsafe(12)


DEMO_PEOPLE = [
    ("admin", "Rosalind Achterberg", "Privacy officer", Role.ADMIN),
    ("director", "Tobias Wendell-Ng", "Executive Director of Technology", Role.TECHNOLOGY_DIRECTOR),
    ("reviewer", "Imani Castellanos", "Library media specialist", Role.REVIEWER),
    ("reviewer2", "Declan Oyelaran", "Assistant principal", Role.REVIEWER),
    ("teacher", "Priya Halvorsen", "Teacher", Role.STAFF),
    ("auditor", "Magnus Ferreira-Lund", "Internal auditor", Role.AUDITOR),
]


@dataclass
class DemoResult:
    district: District
    users: list[tuple[str, str | None, str]]  # (email, password if set just now, role)
    created: bool


@transaction.atomic
def seed_demo(*, new_passwords: bool = False) -> DemoResult:
    """The passwords are shown once, when they are set: at an account's creation, or for all of them
    with `new_passwords`."""
    consortium, _ = Consortium.objects.get_or_create(
        slug="shoreline-privacy-cooperative", defaults={"name": "Shoreline Student Privacy Cooperative"}
    )
    district, created = District.objects.get_or_create(
        slug=DEMO_SLUG,
        defaults={
            "name": "Maple Hollow Public Schools",
            "state": "CT",
            "time_zone": "America/New_York",
            "public_contact_name": "Office of Student Data Privacy",
            "public_contact_email": "privacy@maple-hollow.example",
            "public_contact_phone": "555-0142",
            "website": "https://www.maple-hollow.example/",
            "policy_packs": ["demo-ct-2017"],
        },
    )
    neighbour, _ = District.objects.get_or_create(
        slug="cedar-ridge",
        defaults={"name": "Cedar Ridge Public Schools", "state": "CT", "time_zone": "America/New_York",
                  "public_contact_email": "privacy@cedar-ridge.example"},
    )  # fmt: skip
    district.consortia.add(consortium)
    neighbour.consortia.add(consortium)
    users = []
    for handle, name, position, role in DEMO_PEOPLE:
        email = f"{handle}@maple-hollow.example"
        user = User.objects.filter(email=email).first()
        password = None
        if user is None or new_passwords:
            user = user or User(username=email, email=email, full_name=name, position=position)
            password = demo_password()
            user.set_password(password)
            user.save()
        Membership.objects.get_or_create(user=user, district=district, defaults={"role": role})
        if user.last_login is None:  # a working committee: rotation assigns only people who signed in
            User.objects.filter(pk=user.pk).update(last_login=district.created_at)
        users.append((email, password, str(role)))
    if new_passwords:
        record(district, "demo.passwords_reset", actor="seed_demo", subject=district, details={"demo": True})
    if created:
        record(district, "district.created", actor="seed_demo", subject=district, details={"demo": True})
    _seed_catalog(district, actor=User.objects.get(email="admin@maple-hollow.example"))
    seed_demo_requests(district)
    seed_demo_agreements(district)
    seed_demo_roster(district)
    return DemoResult(district=district, users=users, created=created)


def _seed_catalog(district: District, *, actor: User) -> None:
    elements = {e.code: e for e in DataElement.objects.all()}
    subjects = {s.name: s for s in Subject.objects.all()}
    for name, vendor_name, subj, (low, high), codes, accounts, app, under13, status, note in DEMO_RESOURCES:
        vendor = Vendor.objects.filter(legal_name=vendor_name).first()
        if vendor is None:
            domain = slugify(vendor_name.split()[0]) + ".example"
            vendor = catalog.create_vendor(
                district,
                actor=actor,
                data={
                    "legal_name": vendor_name,
                    "website": f"https://www.{domain}/",
                    "privacy_contact_email": f"privacy@{domain}",
                    "security_contact_email": f"security@{domain}",
                },
            )
        resource = Resource.objects.filter(vendor=vendor, name=name).first()
        if resource is None:
            base = f"https://www.{slugify(vendor_name.split()[0])}.example"
            resource = catalog.create_resource(
                district,
                actor=actor,
                data={
                    "name": name,
                    "vendor": vendor,
                    "url": f"{base}/{slugify(name)}",
                    "description": f"{name}: an online resource for {', '.join(subj).lower()}.",
                    "grade_min": low,
                    "grade_max": high,
                    "student_accounts_required": accounts,
                    "mobile_app": app,
                    "under_13_users": under13,
                    "privacy_policy_url": f"{base}/privacy",
                    "terms_url": f"{base}/terms",
                },
                subjects=[subjects[s] for s in subj],
                data_elements=[elements[c] for c in codes],
            )
        if not ResourceDecision.objects.filter(district=district, resource=resource).exists():
            is_reason = status in ("not_approved", "retired")
            catalog.decide(
                district, resource, actor=actor, status=status,
                reason=note if is_reason else "", conditions="" if is_reason else note,
            )  # fmt: skip
