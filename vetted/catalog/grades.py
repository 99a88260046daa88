"""Grades as integers so a band is a range: PK = -1, K = 0, then 1..12."""

from __future__ import annotations

GRADE_CHOICES: list[tuple[int, str]] = [(-1, "PK"), (0, "K")] + [(g, str(g)) for g in range(1, 13)]
_LABELS = dict(GRADE_CHOICES)
_BY_LABEL = {label.lower(): value for value, label in GRADE_CHOICES}


def grade_label(value: int | None) -> str:
    return "" if value is None else _LABELS.get(value, str(value))


def band_label(low: int | None, high: int | None) -> str:
    if low is None and high is None:
        return "All grades"
    if low == high:
        return f"Grade {grade_label(low)}"
    return f"{grade_label(low) or 'PK'}–{grade_label(high) or '12'}"


def parse_grade(text: str) -> int | None:
    """'K' -> 0, '7' -> 7, 'pk' -> -1; None when it is not a grade."""
    return _BY_LABEL.get(text.strip().lower())


BAND_ORDER_MESSAGE = "The highest grade must not be below the lowest grade."


def band_is_inverted(low: int | None, high: int | None) -> bool:
    """True when both ends are given and the band runs backwards (e.g. 9 to 3)."""
    return low is not None and high is not None and low > high
