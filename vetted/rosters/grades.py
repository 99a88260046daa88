"""OneRoster grade codes (CEDS: IT, PR, PK, TK, KG, 01…13, PS, UG, Other) as the catalogue's grade
integers (PK = -1, K = 0, 1…12), so a student can be matched against a decision's grade band."""

from __future__ import annotations

SPECIAL = {"it": -1, "pr": -1, "pk": -1, "tk": 0, "kg": 0, "k": 0}


def grade_value(code: str) -> int | None:
    code = code.strip().lower()
    if code in SPECIAL:
        return SPECIAL[code]
    if code.isdigit() and 1 <= int(code) <= 12:
        return int(code)
    return None  # 13, PS (postsecondary), UG (ungraded), Other: no grade band covers it


def lowest_grade(codes: list[str]) -> int | None:
    values = [v for v in (grade_value(c) for c in codes) if v is not None]
    return min(values) if values else None
