from __future__ import annotations

import pytest

from vetted.resource_requests.models import ResourceRequest
from vetted.site.demo import seed_demo

pytestmark = pytest.mark.django_db


def test_demo_has_requests_in_several_states_and_is_idempotent() -> None:
    district = seed_demo().district
    states = sorted(ResourceRequest.objects.filter(district=district).values_list("state", flat=True))
    assert states == ["decided", "draft", "in_review", "in_review", "information_requested"]
    held = ResourceRequest.objects.get(resource_name="Harbor Hall Pass")
    assert held.terms_pending and held.assignments.exclude(vote="").exists()
    seed_demo()
    assert ResourceRequest.objects.filter(district=district).count() == 5
