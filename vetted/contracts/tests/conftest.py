"""Fixtures for contract review: the agreements app's CT district (demo 2017 policy) and draft DPA."""

from vetted.agreements.tests.conftest import ct, draft  # noqa: F401 (fixtures)
