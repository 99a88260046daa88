"""A paragraph's page for an offset: the bisection gives what the plain scan of its pages gives."""

from __future__ import annotations

import random

from vetted.review.extract.layout import _Paragraph


def _scan(pages: list[tuple[int, int | None]], offset: int) -> int | None:
    page = pages[0][1] if pages else None
    for start, p in pages:
        if start <= offset:
            page = p
    return page


def test_page_at_matches_the_scan_while_pages_grow() -> None:
    rnd = random.Random(7)
    for _ in range(300):
        para = _Paragraph(None)
        start = 0
        assert para.page_at(0) is None
        for _ in range(rnd.randint(1, 12)):
            # Mostly ascending starts, sometimes a step back (a hyphen joined over a page break).
            start = max(0, start + rnd.randint(-3, 40))
            para.pages.append((start, rnd.choice([None, *range(1, 30)])))
            for offset in range(-1, start + 45, 3):
                assert para.page_at(offset) == _scan(para.pages, offset)
