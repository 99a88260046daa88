"""Who may see and act on a district's breach incidents. They name affected students, so the
people who read them are few: the admins (privacy officer) act; the technology director and the
auditor read; an auditor never acts."""

from vetted.districts.models import Role
from vetted.districts.permissions import register_actions

register_actions(
    {
        "incident.view": frozenset({Role.ADMIN, Role.TECHNOLOGY_DIRECTOR, Role.AUDITOR}),
        "incident.manage": frozenset({Role.ADMIN}),
    }
)
