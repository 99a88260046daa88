"""Who is whose guardian, from every person's `agentSourcedIds` (kept on the person).

Either side may name the other (a student names its parents, a parent names its children); a link
is kept when one side is a student and the other has a guardian role (parent, guardian, relative).
After each import the district's links are recomputed from what the roster now says and the
difference written, so a delta that drops an agent, on either side, drops the link.
"""

from __future__ import annotations

from vetted.districts.models import District

from .models import GuardianLink, Person
from .oneroster import GUARDIAN_ROLES

CHUNK = 5000


def relink(district: District) -> dict[str, int]:
    people: dict[str, tuple[int, str]] = {}
    named: list[tuple[str, list[str]]] = []
    rows = Person.objects.filter(district=district).values_list("sourced_id", "pk", "role", "agents")
    for sid, pk, role, agents in rows.iterator(chunk_size=CHUNK):
        people[sid] = (pk, role)
        if agents:
            named.append((sid, agents))
    wanted: set[tuple[int, int]] = set()
    for sid, agents in named:
        for agent in agents:
            if agent not in people:
                continue
            (a_pk, a_role), (b_pk, b_role) = people[sid], people[agent]
            if a_role == "student" and b_role in GUARDIAN_ROLES:
                wanted.add((a_pk, b_pk))
            elif b_role == "student" and a_role in GUARDIAN_ROLES:
                wanted.add((b_pk, a_pk))
    existing = {(s, g): pk for pk, s, g in
                GuardianLink.objects.filter(district=district).values_list("pk", "student_id", "guardian_id")}  # fmt: skip
    gone = [pk for pair, pk in existing.items() if pair not in wanted]
    for start in range(0, len(gone), CHUNK):
        GuardianLink.objects.filter(pk__in=gone[start : start + CHUNK]).delete()
    new = [
        GuardianLink(district=district, student_id=s, guardian_id=g)
        for s, g in sorted(wanted - set(existing))
    ]
    GuardianLink.objects.bulk_create(new, batch_size=CHUNK)
    return {"added": len(new), "removed": len(gone), "now": len(wanted)}
