"""Every shipped pack loads, validates, cites, and stacks."""

from __future__ import annotations

import pytest

from vetted.rules import EVENT_NAMES, PROVISION_IDS, available_packs, load_pack, load_stack
from vetted.rules.loader import PACKS_DIR
from vetted.rules.yamlsource import load_yaml

JURISDICTIONS = ("us-federal", "us-ct", "us-ma", "us-ny", "us-il", "us-ca")


def test_expected_packs_ship() -> None:
    assert set(JURISDICTIONS) | {"demo-ct-2017"} <= set(available_packs())


@pytest.mark.parametrize("pack_id", available_packs())
def test_every_pack_loads_and_stacks(pack_id: str) -> None:
    pack = load_pack(pack_id)
    assert pack.id == pack_id
    stack = load_stack([pack_id])
    assert stack.pack_ids[0] == "us-federal"
    assert stack.pack_ids[-1] == pack_id
    for event in EVENT_NAMES:
        stack.deadlines_for(event)


def _all_pack_files() -> list[str]:
    return sorted(str(p.relative_to(PACKS_DIR)) for p in PACKS_DIR.rglob("*.yaml"))


@pytest.mark.parametrize("relpath", _all_pack_files())
def test_every_deadline_and_required_provision_carries_a_citation(relpath: str) -> None:
    # Read the raw YAML, not the model, so this test guards the files even if the
    # schema were ever relaxed.
    raw = load_yaml(PACKS_DIR / relpath)
    assert raw.get("citations"), f"{relpath}: pack-level citations missing"
    for section in ("required_provisions", "deadlines", "posting_duties"):
        for i, item in enumerate(raw.get(section) or []):
            citation = item.get("citation")
            assert isinstance(citation, str) and citation.strip(), (
                f"{relpath}: {section}[{i}] has no citation"
            )


def test_packs_use_only_canonical_provisions() -> None:
    for pack_id in available_packs():
        for rp in load_pack(pack_id).required_provisions:
            assert rp.provision in PROVISION_IDS


def test_breach_deadline_ids_are_shared_across_states() -> None:
    # Stricter-wins needs the same id for the same duty in every layer.
    ids = {
        pid: {d.id for d in load_pack(pid).deadlines} for pid in ("us-ct", "us-ny", "us-il", "demo-ct-2017")
    }
    for pid in ("us-ct", "us-ny", "us-il", "demo-ct-2017"):
        assert "vendor_breach_notice_to_district" in ids[pid], pid
        if pid != "us-il":
            assert "district_breach_notice_to_families" in ids[pid], pid


def test_ct_statute_values() -> None:
    ct = {(d.id, d.condition): (d.duration, d.unit) for d in load_pack("us-ct").deadlines}
    assert ct[("vendor_breach_notice_to_district", "student_information_excluding_directory")] == (
        30,
        "calendar_days",
    )
    assert ct[("vendor_breach_notice_to_district", "directory_records_or_content")] == (60, "calendar_days")
    assert ct[("district_breach_notice_to_families", None)] == (2, "business_days")


def test_ny_regulation_values() -> None:
    ny = {d.id: (d.duration, d.unit) for d in load_pack("us-ny").deadlines}
    assert ny["vendor_breach_notice_to_district"] == (7, "calendar_days")
    assert ny["district_breach_notice_to_families"] == (60, "calendar_days")


def test_demo_district_maps_the_eleven_policy_provisions() -> None:
    demo = load_pack("demo-ct-2017")
    assert demo.kind == "district" and demo.extends == "us-ct" and demo.district == "demo district"
    assert [rp.provision for rp in demo.required_provisions] == [
        "ownership",
        "student_content_transfer",
        "use_limitation",
        "parent_access_correction",
        "security_safeguards",
        "breach_notification",
        "disposition_at_end",
        "ferpa_compliance",
        "governing_law",
        "severability",
        "no_targeted_advertising",
    ]
    for i, rp in enumerate(demo.required_provisions, start=1):
        assert rp.citation.endswith(f"item {i}")


def test_merged_required_provisions_for_demo_stack() -> None:
    stack = load_stack(["us-ct", "demo-ct-2017"])
    assert stack.pack_ids == ("us-federal", "us-ct", "demo-ct-2017")
    merged = {m.provision_id: m for m in stack.required_provisions()}
    # Order is canonical order.
    assert [m.provision_id for m in stack.required_provisions()] == [p for p in PROVISION_IDS if p in merged]
    breach = merged["breach_notification"]
    assert breach.params == {"hours": 48}
    assert breach.decided_by == "demo-ct-2017"
    assert breach.required_by == ("us-ct", "demo-ct-2017")
    assert "item 6" in breach.citation
    assert merged["governing_law"].params == {"state": "CT"}
    assert merged["student_content_transfer"].required_by == ("demo-ct-2017",)
    assert merged["ferpa_compliance"].required_by == ("us-federal", "us-ct", "demo-ct-2017")
    assert merged["deletion_on_request"].citation.startswith("Conn. Gen. Stat. 10-234bb(a)(2)")
    assert all(m.citation for m in merged.values())


def test_stack_order_is_law_first_whatever_the_caller_says() -> None:
    assert load_stack(["demo-ct-2017", "us-ct"]).pack_ids == ("us-federal", "us-ct", "demo-ct-2017")


def test_a_stack_covers_one_state() -> None:
    from vetted.rules import PackError

    with pytest.raises(PackError, match="us-ny.yaml line .*: state: a stack covers one state"):
        load_stack(["us-ct", "us-ny"])
