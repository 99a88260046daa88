"""Demo requests in several states for the fictional demo district. Idempotent."""

from __future__ import annotations

from vetted.districts.models import District, User

from . import services
from .models import ResourceRequest

DEMO_REQUESTS = [
    # (requester handle, resource, vendor, link, grades, what happens next)
    (
        "teacher",
        "Coral Cove Spelling",
        "Coral Cove Learning Co.",
        "https://coralcove.example/spelling",
        (2, 3),
        "draft",
    ),
    (
        "teacher",
        "Starling Science Journals",
        "Starling Labs Inc.",
        "https://starling.example/journals",
        (6, 8),
        "review",
    ),
    (
        "teacher",
        "Fernbrook Podcast Studio",
        "Fernbrook Media LLC",
        "https://fernbrook.example/studio",
        (9, 12),
        "info",
    ),
    (
        "teacher",
        "Pebble Math Quests",
        "Pebble Games Ltd.",
        "https://pebble.example/quests",
        (1, 4),
        "consent",
    ),
    ("reviewer2", "Harbor Hall Pass", "Harbor Systems Inc.", "https://harborhall.example/", (6, 12), "terms"),
]


def seed_demo_requests(district: District) -> int:
    """Add the demo requests unless the district already has requests. Returns how many were added."""
    if ResourceRequest.objects.filter(district=district).exists():
        return 0
    people = {u.email.split("@")[0]: u for u in User.objects.filter(memberships__district=district)}
    for handle, name, vendor, link, (low, high), fate in DEMO_REQUESTS:
        requester = people[handle]
        data = {
            "resource_name": name, "vendor_name": vendor, "resource_url": link, "grade_min": low, "grade_max": high,
            "description": f"{name}: an online tool the class would use.",
            "planned_use": "Weekly practice in class and at home.",
            "information_shared": "Student first names, class code and work produced in the tool.",
            "who_has_access": "My students, their families and me.",
            "student_accounts": True,
            "terms_url": f"{link.rstrip('/')}/terms" if fate == "terms" else "",
        }  # fmt: skip
        req = services.create_draft(district, actor=requester, data=data)
        if fate == "draft":
            continue
        req = services.submit(req, actor=requester)
        reviewer = req.assignments.first()
        if reviewer is None:
            continue
        if fate == "info":
            services.request_information(
                req, actor=reviewer.reviewer, question="Can students record without names?"
            )
        elif fate in ("consent", "terms"):
            services.vote(req, actor=reviewer.reviewer, outcome="approved_with_parental_consent",
                          reason="Children under 13 create accounts.")  # fmt: skip
    return len(DEMO_REQUESTS)
