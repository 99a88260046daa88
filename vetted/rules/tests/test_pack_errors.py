"""Broken or loosening packs are refused with file, line and field in the message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from vetted.rules import PackError, load_pack_file, load_stack

from .helpers import pack_dir, write

GOOD_DEADLINE = """
    id: demo-x
    name: Demo X
    kind: jurisdiction
    jurisdiction: US
    citations: ["Test citation"]
    deadlines:
      - id: vendor_breach_notice_to_district
        event: breach.discovered
        actor: vendor
        recipient: district
        duration: 7
        unit: {unit}
        description: Tell the district.
        citation: "Test Reg. 1"
"""


def test_broken_yaml_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.yaml", "id: broken\nname: [unclosed\nkind: district\n")
    with pytest.raises(PackError) as info:
        load_pack_file(path)
    assert info.value.file == "broken.yaml"
    assert info.value.line is not None and info.value.line >= 2
    assert str(info.value).startswith("broken.yaml line ")


def test_wrong_unit(tmp_path: Path) -> None:
    path = write(tmp_path, "demo-x.yaml", GOOD_DEADLINE.format(unit="days"))
    with pytest.raises(PackError) as info:
        load_pack_file(path)
    # "unit:" is on line 12 of the dedented file (id is line 1).
    assert str(info.value) == (
        "demo-x.yaml line 12: deadlines[0].unit: must be one of hours, calendar_days, business_days (got 'days')"
    )


def test_good_unit_loads(tmp_path: Path) -> None:
    path = write(tmp_path, "demo-x.yaml", GOOD_DEADLINE.format(unit="calendar_days"))
    assert load_pack_file(path).deadlines[0].duration == 7


def test_missing_citation_on_a_deadline(tmp_path: Path) -> None:
    text = GOOD_DEADLINE.format(unit="hours").replace('        citation: "Test Reg. 1"\n', "")
    path = write(tmp_path, "demo-x.yaml", text)
    with pytest.raises(PackError, match=r"^demo-x\.yaml line 7: deadlines\[0\]\.citation: is required$"):
        load_pack_file(path)


def test_empty_citation_on_a_required_provision(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "demo-x.yaml",
        """
        id: demo-x
        name: Demo X
        kind: jurisdiction
        jurisdiction: US
        citations: ["Test citation"]
        required_provisions:
          - provision: ownership
            citation: "   "
        """,
    )
    with pytest.raises(PackError, match=r"line 8: required_provisions\[0\]\.citation: must not be empty"):
        load_pack_file(path)


def test_unknown_provision(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "demo-x.yaml",
        """
        id: demo-x
        name: Demo X
        kind: jurisdiction
        jurisdiction: US
        citations: ["Test citation"]
        required_provisions:
          - provision: ownership
            citation: "A 1"
          - provision: data_ownership
            citation: "A 2"
        """,
    )
    with pytest.raises(
        PackError,
        match=r"^demo-x\.yaml line 9: required_provisions\[1\]\.provision: unknown provision id 'data_ownership'",
    ):
        load_pack_file(path)


def test_unknown_event_in_a_pack(tmp_path: Path) -> None:
    text = GOOD_DEADLINE.format(unit="hours").replace("breach.discovered", "breach.found")
    path = write(tmp_path, "demo-x.yaml", text)
    with pytest.raises(
        PackError, match=r"^demo-x\.yaml line 8: deadlines\[0\]\.event: unknown event 'breach.found'"
    ):
        load_pack_file(path)


def test_wrong_parameter_for_a_provision(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "demo-x.yaml",
        """
        id: demo-x
        name: Demo X
        kind: jurisdiction
        jurisdiction: US
        citations: ["Test citation"]
        required_provisions:
          - provision: breach_notification
            params: {days: 3}
            citation: "A 1"
        """,
    )
    with pytest.raises(
        PackError, match=r"line 8: required_provisions\[0\]\.params: .*exactly one parameter: hours"
    ):
        load_pack_file(path)


def test_duplicate_key_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "demo-x.yaml", "id: demo-x\nname: A\nname: B\n")
    with pytest.raises(PackError, match=r"^demo-x\.yaml line 3: \(yaml\): duplicate key 'name'"):
        load_pack_file(path)


def test_unknown_field_is_an_error(tmp_path: Path) -> None:
    text = GOOD_DEADLINE.format(unit="hours").replace(
        "        description:", "        descripton: x\n        description:"
    )
    path = write(tmp_path, "demo-x.yaml", text)
    with pytest.raises(PackError, match=r"line 13: deadlines\[0\]\.descripton: unknown field"):
        load_pack_file(path)


def test_id_must_match_file_name(tmp_path: Path) -> None:
    path = write(tmp_path, "other.yaml", GOOD_DEADLINE.format(unit="hours"))
    with pytest.raises(PackError, match=r"^other\.yaml line 1: id: must match the file name"):
        load_pack_file(path)


# --- tighten-only ------------------------------------------------------------------

# Line 1 is "id:"; line 8 is left blank by the body's leading newline, so a body's
# first key is on line 9.
DISTRICT_HEAD = """
    id: {id}
    name: Test district
    kind: district
    district: test district
    jurisdiction: US-CT
    extends: us-ct
    citations: ["Test district policy"]
"""


def _district(tmp_path: Path, pack_id: str, body: str) -> Path:
    root = pack_dir(tmp_path, "us-federal", "us-ct")
    write(root / "districts", f"{pack_id}.yaml", DISTRICT_HEAD.format(id=pack_id) + body)
    return root


def test_longer_family_notice_is_refused(tmp_path: Path) -> None:
    root = _district(
        tmp_path,
        "loose-ct",
        """
    deadlines:
      - id: district_breach_notice_to_families
        event: breach.reported_to_district
        actor: district
        recipient: families
        duration: 5
        unit: business_days
        description: Tell families.
        citation: "Policy 1"
        """,
    )
    with pytest.raises(PackError) as info:
        load_stack(["loose-ct"], pack_dirs=[root])
    message = str(info.value)
    assert message.startswith("loose-ct.yaml line 14: deadlines[0].duration: loosens us-ct's ")
    assert "district_breach_notice_to_families from 2 business_days to 5 business_days" in message
    assert "10-234dd(c)" in message


def test_seven_calendar_days_over_two_business_days_depends_and_is_accepted(tmp_path: Path) -> None:
    # Usually 7 calendar days end after 2 business days, but with a week of district
    # closures (winter break) 2 business days end later. Strictness depends on the start,
    # so the pack loads and each computation takes the earlier due time.
    root = _district(
        tmp_path,
        "seven-ct",
        """
    deadlines:
      - id: district_breach_notice_to_families
        event: breach.reported_to_district
        actor: district
        recipient: families
        duration: 7
        unit: calendar_days
        description: Tell families.
        citation: "Policy 1"
        """,
    )
    assert load_stack(["seven-ct"], pack_dirs=[root]).pack_ids[-1] == "seven-ct"


def test_longer_vendor_clock_in_hours_is_refused(tmp_path: Path) -> None:
    # 45 days in hours (1080 h) is always later than 30 calendar days (at most 31 days + 1 h).
    root = _district(
        tmp_path,
        "hours-ct",
        """
    deadlines:
      - id: vendor_breach_notice_to_district
        event: breach.discovered
        condition: student_information_excluding_directory
        actor: vendor
        recipient: district
        duration: 1080
        unit: hours
        description: Tell the district.
        citation: "Policy 1"
        """,
    )
    with pytest.raises(PackError, match=r"line 15: deadlines\[0\]\.duration: loosens us-ct's vendor_breach"):
        load_stack(["hours-ct"], pack_dirs=[root])


def test_laxer_breach_hours_parameter_is_refused(tmp_path: Path) -> None:
    root = pack_dir(tmp_path, "us-federal", "us-ct")
    # A strict parent policy sets 48 hours; a child policy may not relax it to 72.
    write(
        root / "districts",
        "strict-ct.yaml",
        DISTRICT_HEAD.format(id="strict-ct")
        + """
    required_provisions:
      - provision: breach_notification
        params: {hours: 48}
        citation: "Policy 1"
""",
    )
    write(
        root / "districts",
        "lax-ct.yaml",
        DISTRICT_HEAD.format(id="lax-ct").replace("extends: us-ct", "extends: strict-ct")
        + """
    required_provisions:
      - provision: breach_notification
        params: {hours: 72}
        citation: "Policy 2"
""",
    )
    with pytest.raises(PackError) as info:
        load_stack(["lax-ct"], pack_dirs=[root])
    assert str(info.value) == (
        "lax-ct.yaml line 11: required_provisions[0].params.hours: loosens strict-ct's breach_notification "
        "from 48 hours to 72 hours (Policy 1); a district pack may only tighten"
    )


def test_other_governing_law_state_is_refused(tmp_path: Path) -> None:
    root = _district(
        tmp_path,
        "ny-law-ct",
        """
    required_provisions:
      - provision: governing_law
        params: {state: NY}
        citation: "Policy 9"
        """,
    )
    with pytest.raises(
        PackError, match=r"ny-law-ct\.yaml line 11: required_provisions\[0\]\.params\.state: .*stay CT"
    ):
        load_stack(["ny-law-ct"], pack_dirs=[root])


def test_dropping_a_required_provision_is_refused(tmp_path: Path) -> None:
    root = _district(
        tmp_path,
        "drop-ct",
        """
    waived_provisions:
      - provision: severability
        reason: We do not like it.
        """,
    )
    with pytest.raises(PackError) as info:
        load_stack(["drop-ct"], pack_dirs=[root])
    assert re.match(
        r"drop-ct\.yaml line 10: waived_provisions\[0\]\.provision: cannot drop severability: us-ct requires it",
        str(info.value),
    )


def test_tightening_and_extra_duties_are_accepted(tmp_path: Path) -> None:
    root = _district(
        tmp_path,
        "tight-ct",
        """
    required_provisions:
      - provision: audit_right
        citation: "Policy 3"
      - provision: disposition_at_end
        params: {days: 30}
        citation: "Policy 4"
    deadlines:
      - id: district_breach_notice_to_families
        event: breach.reported_to_district
        actor: district
        recipient: families
        duration: 24
        unit: hours
        description: Tell families.
        citation: "Policy 5"
        """,
    )
    merged = {m.provision_id: m for m in load_stack(["tight-ct"], pack_dirs=[root]).required_provisions()}
    assert merged["audit_right"].required_by == ("tight-ct",)
    assert merged["disposition_at_end"].params == {"days": 30}


def test_missing_pack_is_named(tmp_path: Path) -> None:
    with pytest.raises(PackError, match=r"^no-such\.yaml: id: no rule pack named 'no-such'"):
        load_stack(["no-such"], pack_dirs=[pack_dir(tmp_path)])


def test_unknown_deadline_id_is_refused(tmp_path: Path) -> None:
    # A typo would otherwise become an extra deadline instead of tightening the law's.
    text = GOOD_DEADLINE.format(unit="hours").replace(
        "vendor_breach_notice_to_district", "vendor_breach_notice_to_distrct"
    )
    path = write(tmp_path, "demo-x.yaml", text)
    with pytest.raises(PackError, match=r"^demo-x\.yaml line 7: deadlines\[0\]\.id: unknown deadline id"):
        load_pack_file(path)


def test_deadline_id_keeps_its_event(tmp_path: Path) -> None:
    text = GOOD_DEADLINE.format(unit="hours").replace("breach.discovered", "breach.reported_to_district")
    path = write(tmp_path, "demo-x.yaml", text)
    with pytest.raises(
        PackError, match=r"line 8: deadlines\[0\]\.event: deadline 'vendor_breach.*starts from"
    ):
        load_pack_file(path)
