"""Fixtures for contract review: the agreements app's CT district (demo 2017 policy) and draft DPA,
and the same draft with a document the worker has reviewed."""

from typing import Any

import pytest

from vetted.agreements.models import Agreement
from vetted.agreements.tests.conftest import ct, draft  # noqa: F401 (fixtures)

from .worlds import World, reviewed_world


@pytest.fixture
def world(draft: Agreement, ct: Any, monkeypatch: Any) -> World:  # noqa: F811 (fixture names)
    return reviewed_world(draft, ct, monkeypatch)
