"""A stack of packs: federal law, then state law, then district policy.

Layers only add duties. Where two layers speak to the same thing, the stricter one
applies: fewer hours/days for a provision parameter now, the earlier due time for a
deadline at compute time (see ``clock.compute_due_times``). A *district* pack is also
checked when the stack is built and refused if it plainly loosens a lower layer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .durations import compare_strictness
from .errors import PackError
from .events import check_event
from .loader import load_pack
from .provisions import PROVISION_IDS
from .schema import Deadline, Pack, PostingDuty


@dataclass(frozen=True)
class MergedProvision:
    """A provision the stack requires, with the strictest parameter any layer set."""

    provision_id: str
    params: Mapping[str, int | str]
    citation: str  # citation of the layer that decided ``params`` (or the first layer requiring it)
    decided_by: str  # pack id
    required_by: tuple[str, ...]  # every pack id that requires it, lowest layer first
    citations: tuple[tuple[str, str], ...]  # (pack id, citation) for every requiring layer
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class DeadlineRule:
    """One layer's version of a deadline."""

    pack_id: str
    deadline: Deadline


@dataclass(frozen=True)
class DeadlineGroup:
    """All layers' versions of one deadline id (for one condition); the earliest due wins."""

    deadline_id: str
    condition: str | None
    candidates: tuple[DeadlineRule, ...]


class PackStack:
    def __init__(self, layers: Sequence[Pack]) -> None:
        self.layers: tuple[Pack, ...] = tuple(layers)
        self.state: str | None = _single_state(self.layers)

    @property
    def pack_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.layers)

    def __repr__(self) -> str:
        return f"PackStack({list(self.pack_ids)!r})"

    def eligible_student(self) -> tuple[int, str, str] | None:
        """(age, citation, pack id) at which records rights pass to the student: the highest layer
        that sets one (a state may set its own age; FERPA's 18 is the floor's). None: no layer says."""
        for pack in reversed(self.layers):
            if pack.eligible_student is not None:
                return pack.eligible_student.age, pack.eligible_student.citation, pack.id
        return None

    def required_provisions(self) -> tuple[MergedProvision, ...]:
        """Required provisions in canonical order, each merged across layers."""
        merged: dict[str, MergedProvision] = {}
        for pack in self.layers:
            for rp in pack.required_provisions:
                prev = merged.get(rp.provision)
                note = (f"{pack.id}: {rp.note}",) if rp.note else ()
                if prev is None:
                    merged[rp.provision] = MergedProvision(
                        rp.provision,
                        dict(rp.params),
                        rp.citation,
                        pack.id,
                        (pack.id,),
                        ((pack.id, rp.citation),),
                        note,
                    )
                    continue
                params, citation, decided_by = prev.params, prev.citation, prev.decided_by
                if _stricter_params(rp.params, prev.params):
                    params, citation, decided_by = dict(rp.params), rp.citation, pack.id
                merged[rp.provision] = MergedProvision(
                    rp.provision,
                    params,
                    citation,
                    decided_by,
                    (*prev.required_by, pack.id),
                    (*prev.citations, (pack.id, rp.citation)),
                    prev.notes + note,
                )
        return tuple(merged[p] for p in PROVISION_IDS if p in merged)

    def deadlines_for(self, event: str) -> tuple[DeadlineGroup, ...]:
        """Every deadline the event starts, grouped by id (and condition) across layers."""
        check_event(event)
        by_id: dict[str, list[DeadlineRule]] = {}
        for pack in self.layers:
            for d in pack.deadlines:
                if d.event == event:
                    by_id.setdefault(d.id, []).append(DeadlineRule(pack.id, d))
        groups: list[DeadlineGroup] = []
        for deadline_id, rules in by_id.items():
            conditions = list(dict.fromkeys(r.deadline.condition for r in rules if r.deadline.condition))
            if not conditions:
                groups.append(DeadlineGroup(deadline_id, None, tuple(rules)))
                continue
            # An unconditional rule applies in every case, so it competes in each tier.
            for cond in conditions:
                tier = tuple(r for r in rules if r.deadline.condition in (None, cond))
                groups.append(DeadlineGroup(deadline_id, cond, tier))
        return tuple(groups)

    def posting_duties(self) -> tuple[tuple[str, PostingDuty], ...]:
        """(pack id, duty) for every layer, lowest layer first."""
        return tuple((p.id, duty) for p in self.layers for duty in p.posting_duties)


def _stricter_params(new: Mapping[str, int | str], old: Mapping[str, int | str]) -> bool:
    """True if ``new`` is strictly stricter than ``old`` (fewer hours or days)."""
    if not new:
        return False
    if not old:
        return True
    key = next(iter(new))
    if key == "state":
        return False  # equality enforced elsewhere; nothing to tighten
    return int(new[key]) < int(old[key])


def _single_state(layers: Sequence[Pack]) -> str | None:
    state: str | None = None
    for pack in layers:
        if pack.state is None:
            continue
        if state is not None and pack.state != state:
            raise pack.error_at(("state",), f"a stack covers one state; {state} is already in the stack")
        state = pack.state
    return state


def _resolve(pack_ids: Sequence[str], pack_dirs: Sequence[Path] | None) -> list[Pack]:
    ordered: dict[str, Pack] = {}
    for pack_id in pack_ids:
        chain: list[Pack] = []
        seen: set[str] = set()
        current: str | None = pack_id
        while current is not None:
            if current in seen:
                raise PackError(f"{current}.yaml", None, "extends", f"circular 'extends' through {current!r}")
            seen.add(current)
            pack = load_pack(current, pack_dirs)
            chain.insert(0, pack)
            current = pack.extends
        for pack in chain:
            ordered.setdefault(pack.id, pack)
    layers = list(ordered.values())
    # Law before policy, whatever order the caller named them in.
    return [p for p in layers if p.kind == "jurisdiction"] + [p for p in layers if p.kind == "district"]


def _check_tightens(pack: Pack, below: Sequence[Pack]) -> None:
    """Refuse a district pack that loosens anything a lower layer sets."""
    lower_provisions = {(p.id, rp.provision): rp for p in below for rp in p.required_provisions}
    for i, rp in enumerate(pack.required_provisions):
        for (lower_id, provision_id), low in lower_provisions.items():
            if provision_id != rp.provision or not low.params:
                continue
            key = next(iter(low.params))
            mine = rp.params.get(key)
            where = (
                ("required_provisions", i, "params", key) if mine is not None else ("required_provisions", i)
            )
            if mine is None:
                continue  # silent on the parameter: the lower layer's value still applies
            if key == "state" and mine != low.params[key]:
                raise pack.error_at(
                    where,
                    f"{rp.provision} must stay {low.params[key]} as {lower_id} requires ({low.citation}); "
                    f"a district pack may only tighten",
                )
            if key != "state" and int(mine) > int(low.params[key]):
                raise pack.error_at(
                    where,
                    f"loosens {lower_id}'s {rp.provision} from {low.params[key]} {key} to {mine} {key} "
                    f"({low.citation}); a district pack may only tighten",
                )
    for i, waived in enumerate(pack.waived_provisions):
        for (lower_id, provision_id), low in lower_provisions.items():
            if provision_id == waived.provision:
                raise pack.error_at(
                    ("waived_provisions", i, "provision"),
                    f"cannot drop {waived.provision}: {lower_id} requires it ({low.citation})",
                )
    for i, d in enumerate(pack.deadlines):
        for lower in below:
            for low_d in lower.deadlines:
                if low_d.id != d.id:
                    continue
                if low_d.event != d.event:
                    raise pack.error_at(
                        ("deadlines", i, "event"),
                        f"deadline {d.id} starts at {low_d.event} in {lower.id}; an id must keep its event",
                    )
                if d.condition and low_d.condition and d.condition != low_d.condition:
                    continue  # different tiers of the same duty
                if compare_strictness(d.duration, d.unit, low_d.duration, low_d.unit) == "looser":
                    raise pack.error_at(
                        ("deadlines", i, "duration"),
                        f"loosens {lower.id}'s {d.id} from {low_d.duration} {low_d.unit} "
                        f"to {d.duration} {d.unit} ({low_d.citation}); a district pack may only tighten",
                    )
                # "depends" (e.g. 3 calendar days vs 2 business days) is allowed here and
                # decided per computation: the earlier due time always wins.


def load_stack(pack_ids: Sequence[str], *, pack_dirs: Sequence[Path] | None = None) -> PackStack:
    """Load packs by id, add what they extend (federal first), check district packs only tighten.

    ``load_stack(["us-ct", "demo-ct-2017"])`` -> layers us-federal, us-ct, demo-ct-2017.
    ``pack_dirs`` replaces the built-in ``packs/`` directory (each dir and its ``districts/``).
    """
    if isinstance(pack_ids, str):
        raise TypeError("load_stack takes a list of pack ids, e.g. ['us-ct']")
    if not pack_ids:
        raise ValueError("load_stack needs at least one pack id")
    layers = _resolve(pack_ids, pack_dirs)
    for index, pack in enumerate(layers):
        if pack.kind == "district":
            _check_tightens(pack, layers[:index])
    return PackStack(layers)
