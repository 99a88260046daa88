"""Who may see and change a district's roster: its admins only (the most sensitive data Vetted holds)."""

from vetted.districts.models import Role
from vetted.districts.permissions import register_actions

register_actions({"roster.manage": frozenset({Role.ADMIN})})
