"""Review a contract against a stack of rule packs (the district's, or packs named explicitly)."""

from __future__ import annotations

from collections.abc import Sequence

from vetted.districts.models import District
from vetted.districts.packs import district_pack_ids
from vetted.review import Limits, ReviewResult, review_bytes
from vetted.rules import load_stack


def review_limits() -> Limits:
    from django.conf import settings

    return Limits(
        max_bytes=settings.VETTED_MAX_UPLOAD_BYTES,
        max_pages=settings.VETTED_REVIEW_MAX_PAGES,
        max_seconds=settings.VETTED_REVIEW_MAX_SECONDS,
    )


def pack_ids_for(district: District | None, packs: Sequence[str]) -> list[str]:
    """Explicit packs win; otherwise the district's stack; with neither, federal law only."""
    if packs:
        return list(packs)
    if district is not None:
        return district_pack_ids(district)
    return ["us-federal"]


def review_contract(
    data: bytes, filename: str, *, district: District | None = None, packs: Sequence[str] = ()
) -> tuple[ReviewResult, list[str]]:
    """Raises vetted.review.DocumentError for a document we refuse, vetted.rules.PackError for a bad pack."""
    pack_ids = pack_ids_for(district, packs)
    stack = load_stack(pack_ids)
    state = district.state if district is not None else stack.state
    result = review_bytes(
        data, filename, requirements=stack.required_provisions(), district_state=state, limits=review_limits()
    )
    return result, pack_ids
