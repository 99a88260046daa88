"""kit.states: the one state-machine helper that requests and agreements build their tables on."""

from __future__ import annotations

import pytest

from vetted.kit.states import Machine, Transition, TransitionRefused

DOOR = Machine(
    [
        Transition("open", {"shut": "open"}, verb="opened"),
        Transition.between("lock", {"shut", "open"}, "locked", verb="locked", by_person=False),
        Transition("close", {"open": "shut", "ajar": "shut"}, label="Close it", verb="closed"),
    ],
    subject="office door",
)


def test_target_follows_the_table() -> None:
    assert DOOR.target("open", "shut") == "open"
    assert DOOR.target("close", "ajar") == "shut"
    assert DOOR.allowed("lock", "open") and not DOOR.allowed("open", "open")


def test_refusal_is_one_error_with_a_sentence() -> None:
    with pytest.raises(TransitionRefused) as refused:
        DOOR.target("open", "locked")
    assert str(refused.value) == "An office door that is locked cannot be opened."
    assert (refused.value.action, refused.value.state) == ("open", "locked")


def test_unknown_names_are_a_programming_error() -> None:
    with pytest.raises(KeyError):
        DOOR.allowed("paint", "shut")


def test_available_lists_what_a_person_may_press() -> None:
    assert [t.name for t in DOOR.available("open")] == ["close"]
    assert [t.name for t in DOOR.available("open", by_person=False)] == ["lock", "close"]


def test_single_target_and_sources() -> None:
    assert DOOR["lock"].target == "locked" and DOOR["lock"].sources == {"shut", "open"}
    assert "ajar" in DOOR["close"] and "locked" not in DOOR["close"]
    with pytest.raises(ValueError, match="2 targets"):
        _ = Transition("swing", {"shut": "open", "open": "shut"}).target


def test_an_app_may_word_its_own_refusals() -> None:
    class DoorRefused(TransitionRefused):
        pass

    strict = Machine([Transition("open", {"shut": "open"})], subject="gate", error=DoorRefused)
    with pytest.raises(DoorRefused, match="A gate that is locked cannot be open."):
        strict.target("open", "locked")
