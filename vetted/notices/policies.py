"""Who may see and send a district's notices to families.

Admins write, send and keep the wording; the technology director, reviewers and auditors may read
the notices and their delivery totals (never a family's row). Staff see none of it.
"""

from vetted.districts.models import Role
from vetted.districts.permissions import register_actions

# --- staff pages (notices, templates, languages) ---
register_actions(
    {
        "notice.view": frozenset({Role.ADMIN, Role.TECHNOLOGY_DIRECTOR, Role.REVIEWER, Role.AUDITOR}),
        "notice.manage": frozenset({Role.ADMIN}),
    }
)
