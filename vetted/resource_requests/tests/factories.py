"""Build requests through the services, so tests exercise the real verbs."""

from __future__ import annotations

from typing import Any

from vetted.audit.models import AuditEvent
from vetted.outbox.models import Message
from vetted.resource_requests import services
from vetted.resource_requests.models import ResourceRequest

COMPLETE = {
    "resource_name": "Lanternfish Reading Lab",
    "vendor_name": "Lanternfish Education LLC",
    "resource_url": "https://lanternfish.example/lab",
    "description": "Leveled reading passages with comprehension checks.",
    "planned_use": "Daily reading centres in my grade 4 class.",
    "information_shared": "Student first names and reading levels.",
    "who_has_access": "My students, me and the reading specialist.",
    "grade_min": 4,
    "grade_max": 4,
    "student_accounts": True,
}


def draft(tenant: Any, role: str = "staff", **fields: Any) -> ResourceRequest:
    return services.create_draft(tenant.district, actor=tenant.user(role), data={**COMPLETE, **fields})


def submitted(tenant: Any, role: str = "staff", **fields: Any) -> ResourceRequest:
    """A submitted request; with the default policy the district's reviewer is assigned (in review)."""
    req = draft(tenant, role, **fields)
    return services.submit(req, actor=tenant.user(role))


def snapshot(req: ResourceRequest) -> tuple[str, str, int, int, int]:
    """What a refused action must leave untouched."""
    req.refresh_from_db()
    return (
        req.state,
        req.outcome,
        AuditEvent.objects.filter(district=req.district).count(),
        Message.objects.count(),
        req.assignments.exclude(vote="").count(),
    )
