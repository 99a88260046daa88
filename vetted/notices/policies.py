"""Who may do what with notices (registered into can() by NoticesConfig.ready)."""

from vetted.districts.models import Role
from vetted.districts.permissions import register_actions

# --- letters (issue 11, item 5): the printed letters name students, so admins only ---
register_actions({"notice.letters": frozenset({Role.ADMIN})})
