"""The 20 canonical contract provisions, in canonical order, with short human titles."""

from __future__ import annotations

from vetted.rules import PROVISION_IDS, all_provisions

__all__ = ["PROVISION_IDS", "TITLES"]

# Titles come from the provision library, so a reviewer reads the same words everywhere.
TITLES: dict[str, str] = {p.id: p.title for p in all_provisions()}
