"""Which rule packs apply to a district: its state's pack, then the district's own policy packs."""

from __future__ import annotations

from vetted.districts.models import District
from vetted.rules import PackStack, available_packs, load_stack


def district_pack_ids(district: District) -> list[str]:
    state_pack = f"us-{district.state.lower()}"
    known = set(available_packs())
    base = [state_pack] if state_pack in known else ["us-federal"]
    return base + [p for p in district.policy_packs if p not in base]


def district_stack(district: District) -> PackStack:
    return load_stack(district_pack_ids(district))


def district_pack_choices() -> list[str]:
    """Policy packs a district may adopt: every pack except the jurisdictions' own (``us-*``)."""
    return [p for p in available_packs() if not p.startswith("us-")]
