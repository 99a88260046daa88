"""Who may see and act on directory-information requests. Disclosures name students (roster data),
so the incidents' convention holds: the admins (privacy officer) log, decide and read the file; the
technology director and the auditor read the requests and their counts; staff and reviewers see
nothing (403); another district's staff 404 (districts.access). Families see only their own
children's disclosures, in the portal (vetted.rights.identity)."""

from vetted.districts.models import Role
from vetted.districts.permissions import register_actions

register_actions(
    {
        "directory.view": frozenset({Role.ADMIN, Role.TECHNOLOGY_DIRECTOR, Role.AUDITOR}),
        "directory.manage": frozenset({Role.ADMIN}),
    }
)
