"""Proving the trail: walk each district's chain with the key, then hold its head against the
signed checkpoint row and the anchor file. Any one of them disagreeing is reported."""

from __future__ import annotations

from dataclasses import dataclass

from vetted.districts.models import District

from .anchors import AnchorFile, audit_key, read_anchor_file
from .chain import GENESIS, checkpoint_signature_ok, event_hash
from .models import AuditCheckpoint, AuditEvent


@dataclass(frozen=True)
class VerifyResult:
    district_slug: str
    checked: int
    broken_seq: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


def verify_district(district: District, anchors: AnchorFile | None = None) -> VerifyResult:
    """The first thing that does not hold in the district's trail, or ok with the count checked."""
    anchors = anchors if anchors is not None else read_anchor_file()
    anchored = anchors.for_district(district.pk)
    key = audit_key()
    prev, head_seq, checked = GENESIS, 0, 0
    for ev in AuditEvent.objects.filter(district=district).order_by("seq").iterator(chunk_size=2000):
        if ev.seq != head_seq + 1:
            return VerifyResult(district.slug, checked, head_seq + 1, f"event #{head_seq + 1} is missing")
        problem = ""
        if ev.prev_hash != prev:
            problem = "link to the previous event is broken"
        digest = event_hash(
            key=key, prev_hash=ev.prev_hash, district_id=ev.district_id, seq=ev.seq, event_type=ev.event_type,
            actor_id=ev.actor_id, actor_label=ev.actor_label, subject_type=ev.subject_type,
            subject_id=ev.subject_id, subject_label=ev.subject_label, details=ev.details,
            created_at=ev.created_at,
        )  # fmt: skip
        if not problem and digest != ev.hash:
            problem = "content does not match its keyed hash (rewritten, or hashed without the audit key)"
        if not problem and anchored.get(ev.seq, ev.hash) != ev.hash:
            problem = "the anchor file holds a different hash for this event (rewritten)"
        if problem:
            return VerifyResult(district.slug, checked, ev.seq, problem)
        prev, head_seq, checked = ev.hash, ev.seq, checked + 1
    found = _against_checkpoint(district, head_seq, prev) or _against_file(anchored, head_seq)
    if found:
        return VerifyResult(district.slug, checked, found[0], found[1])
    return VerifyResult(district.slug, checked)


def _missing(head_seq: int, anchored_seq: int, where: str) -> tuple[int | None, str]:
    if head_seq == 0:
        return (
            None,
            f"{where} names {anchored_seq} events but the trail is empty: the whole trail was deleted",
        )
    return head_seq + 1, (
        f"{where} names event #{anchored_seq} but the trail ends at #{head_seq}: the newest events were deleted"
    )


def _against_checkpoint(district: District, head_seq: int, head_hash: str) -> tuple[int | None, str] | None:
    checkpoint = AuditCheckpoint.objects.filter(district=district).first()
    if checkpoint is None:
        return (None, "the trail has events but no signed checkpoint (deleted, or events added around record())") \
            if head_seq else None  # fmt: skip
    if not checkpoint_signature_ok(audit_key(), checkpoint.payload(), checkpoint.signature):
        return None, "the checkpoint is not signed with the audit key (forged or altered)"
    if checkpoint.seq > head_seq:
        return _missing(head_seq, checkpoint.seq, "the signed checkpoint")
    if checkpoint.seq < head_seq:
        return checkpoint.seq + 1, f"events after #{checkpoint.seq} are not covered by the signed checkpoint"
    if checkpoint.hash != head_hash or checkpoint.count != head_seq:
        return head_seq, "the newest event does not match the signed checkpoint"
    return None


def _against_file(anchored: dict[int, str], head_seq: int) -> tuple[int | None, str] | None:
    newest = max(anchored, default=0)
    # The file may lag the table by the last few events (it is written after commit), never lead it.
    if newest > head_seq:
        return _missing(head_seq, newest, "the anchor file")
    return None


def verify_install(anchors: AnchorFile) -> list[str]:
    """Problems that belong to no one district: unreadable or forged lines, a missing file, anchors of a
    district that is gone."""
    problems = list(anchors.problems)
    if not anchors.exists and AuditCheckpoint.objects.exists():
        problems.append(
            f"there is no anchor file at {anchors.path}; give the copy you shipped elsewhere with --anchors"
        )
    known = set(District.objects.values_list("pk", flat=True))
    for district_id in sorted(set(anchors.heads) - known):
        problems.append(f"the anchor file names district #{district_id}, which is no longer in the database")
    return problems
