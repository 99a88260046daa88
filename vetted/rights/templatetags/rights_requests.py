"""`{% child_requests district member student lang %}`: the "Ask for something" links and the
member's own requests about the child, on the portal's child page (vetted.rights.requests)."""

from __future__ import annotations

from typing import Any

from django import template

from vetted.rights.requests import words
from vetted.rights.requests.family_views import family_requests

register = template.Library()


@register.inclusion_tag("rights/requests/_child_requests.html")
def child_requests(
    district: Any, member: Any, student: Any, lang: str, resources: Any = ()
) -> dict[str, Any]:
    code = words.code_for(lang)
    name = student.first_name
    rows = [
        {"req": r, "kind": words.word(code, f"name_{r.kind}"), "status": words.word(code, f"status_{r.status}"),
         "due": words.word(code, "due", date=words.when(r.due_at, district, code)) if r.due_at else "",
         "asked": words.word(code, "asked_on", date=words.day(r.created_at, district, code))}
        for r in family_requests(member, student.pk)
    ]  # fmt: skip
    return {
        "district": district, "student": student, "rows": rows,
        "heading": words.word(code, "requests_heading", student=name), "ask": words.word(code, "ask"),
        "none": words.word(code, "no_requests"), "open": words.word(code, "open_request"),
        "status_label": words.word(code, "status"),
    }  # fmt: skip


@register.simple_tag
def ask_about(lang: str, resource: Any) -> str:
    return words.word(words.code_for(lang), "ask_about", resource=resource.name)
