"""The transition table, cell by cell: every action in every state, allowed or refused."""

from __future__ import annotations

import pytest

from vetted.resource_requests.states import TRANSITIONS, State, TransitionRefused, allowed, next_state

S = State
EXPECTED = {
    ("edit", S.DRAFT): S.DRAFT,
    ("submit", S.DRAFT): S.SUBMITTED,
    ("answer_at_once", S.SUBMITTED): S.DECIDED,
    ("assign", S.SUBMITTED): S.IN_REVIEW,
    ("assign", S.IN_REVIEW): S.IN_REVIEW,
    ("assign", S.INFORMATION_REQUESTED): S.INFORMATION_REQUESTED,
    ("comment", S.SUBMITTED): S.SUBMITTED,
    ("comment", S.IN_REVIEW): S.IN_REVIEW,
    ("comment", S.INFORMATION_REQUESTED): S.INFORMATION_REQUESTED,
    ("request_info", S.IN_REVIEW): S.INFORMATION_REQUESTED,
    ("respond", S.INFORMATION_REQUESTED): S.IN_REVIEW,
    ("approve_terms", S.SUBMITTED): S.SUBMITTED,
    ("approve_terms", S.IN_REVIEW): S.IN_REVIEW,
    ("approve_terms", S.INFORMATION_REQUESTED): S.INFORMATION_REQUESTED,
    ("refuse_terms", S.SUBMITTED): S.DECIDED,
    ("refuse_terms", S.IN_REVIEW): S.DECIDED,
    ("refuse_terms", S.INFORMATION_REQUESTED): S.DECIDED,
    ("vote", S.IN_REVIEW): S.IN_REVIEW,
    ("decide", S.IN_REVIEW): S.DECIDED,
    ("withdraw", S.DRAFT): S.WITHDRAWN,
    ("withdraw", S.SUBMITTED): S.WITHDRAWN,
    ("withdraw", S.IN_REVIEW): S.WITHDRAWN,
    ("withdraw", S.INFORMATION_REQUESTED): S.WITHDRAWN,
}
CELLS = [(action, state) for action in TRANSITIONS for state in State]


@pytest.mark.parametrize(("action", "state"), CELLS, ids=[f"{a}-{s.value}" for a, s in CELLS])
def test_every_cell_of_the_table(action: str, state: State) -> None:
    if (action, state) in EXPECTED:
        assert allowed(action, state)
        assert next_state(action, state) == EXPECTED[(action, state)]
    else:
        assert not allowed(action, state)
        with pytest.raises(TransitionRefused) as refused:
            next_state(action, state)
        assert state.label.lower() in str(refused.value)


def test_terminal_states_have_no_way_out() -> None:
    for action, table in TRANSITIONS.items():
        assert S.DECIDED not in table, action
        assert S.WITHDRAWN not in table, action
