"""Red flags in a vendor's terms or privacy policy, for the committee before it decides.

Read from a review result (`ReviewResult.to_dict()`): what the vendor reserves the right to do
(a conflict) and protections a school needs that the text never promises (not found).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

# provision id -> (flag when the text says the opposite, flag when the text is silent or None)
FLAGS: dict[str, tuple[str, str | None]] = {
    "no_sale": ("The vendor may sell student data.", None),
    "no_targeted_advertising": ("The vendor may use student data for targeted advertising.", None),
    "no_profiling": ("The vendor may build profiles of students for its own purposes.", None),
    "third_party_disclosure": ("The vendor shares student data with others for their own purposes.", None),
    "use_limitation": ("The vendor may use student data for purposes beyond the service.", None),
    "ownership": ("The vendor claims rights over student data or student work.", None),
    "deletion_on_request": (
        "The vendor will not delete student data on request.",
        "No promise to delete student data when the school or a family asks.",
    ),
    "disposition_at_end": (
        "The vendor keeps student data after the service ends.",
        "No promise to delete student data when the service ends.",
    ),
    "breach_notification": (
        "The vendor is not obliged to report a data breach.",
        "No promise to tell the school about a data breach.",
    ),
    "deidentified_data": ("De-identified student data may be re-identified or used without limits.", None),
}


@dataclass(frozen=True)
class RedFlag:
    provision_id: str
    kind: str  # "says" (the text reserves the opposite) or "silent" (the text never promises it)
    message: str
    quote: str = ""
    page: int | None = None
    section: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def red_flags(result: Mapping[str, Any]) -> list[RedFlag]:
    """Conflicts first (they are what the vendor actually says), then silences."""
    says: list[RedFlag] = []
    silent: list[RedFlag] = []
    for finding in result.get("provisions", []):
        pid = finding.get("id")
        if pid not in FLAGS:
            continue
        on_conflict, on_silence = FLAGS[pid]
        evidence = (finding.get("evidence") or [{}])[0]
        conflict = finding.get("status") == "conflict" or (
            not finding.get("found") and bool(finding.get("evidence"))
        )
        if conflict:
            says.append(
                RedFlag(
                    pid,
                    "says",
                    on_conflict,
                    evidence.get("quote", ""),
                    evidence.get("page"),
                    evidence.get("section"),
                )
            )
        elif not finding.get("found") and on_silence:
            silent.append(RedFlag(pid, "silent", on_silence))
    return says + silent
