"""Who may see and act on a district's rights requests. They name students and what families ask, so
the readers are few: the admins (the privacy officer) act; the auditor reads; nobody else sees them."""

from vetted.districts.models import Role
from vetted.districts.permissions import register_actions

register_actions(
    {
        "rights_request.view": frozenset({Role.ADMIN, Role.AUDITOR}),
        "rights_request.manage": frozenset({Role.ADMIN}),
    }
)
