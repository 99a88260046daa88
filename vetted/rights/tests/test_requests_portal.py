"""The portal's side of requests: the child page's "Ask for something" per resource and the member's
own requests with plain statuses and the due date in the district's zone (named), in English and
Spanish; a bad form gets field errors, never a 500."""

from __future__ import annotations

from typing import Any

import pytest

from vetted.rights.models import RightsRequest

from .requests_helpers import RUTH, World, family_client, file_request, filed_and_confirmed, world

pytestmark = pytest.mark.django_db
__all__ = ["world"]


def test_the_child_page_offers_requests_and_lists_ones_own(world: World) -> None:
    client = family_client(world)
    child = f"/d/{world.slug}/family/children/{world.ben.pk}/"
    page = client.get(child).content.decode()
    assert (
        f"requests/new/?resource={world.resource.pk}" in page
        and "Ask about Quillstone Writing Studio" in page
    )
    assert "No requests yet." in page
    req = filed_and_confirmed(client, world, "inspect")
    page = client.get(child).content.decode()
    assert "See what is held" in page and "Received" in page
    assert "The school answers by" in page and "(America/New_York)" in page  # the zone named
    spanish = client.get(child + "?lang=es").content.decode()
    assert "Sus pedidos sobre Ben" in spanish and "Recibido" in spanish and "Pedir algo" in spanish
    detail = client.get(world.request_url(req)).content.decode()
    assert "Su pedido: Ver lo que tienen" in detail and "(America/New_York)" in detail


def test_a_bad_request_form_shows_field_errors(world: World) -> None:
    client = family_client(world)
    response = client.post(world.new_url(), {"kind": "correct", "resources": [world.resource.pk]})
    body = response.content.decode()
    assert response.status_code == 400 and "Say what is wrong." in body and "Say what it should say." in body
    response = client.post(world.new_url(), {"kind": "teleport", "resources": ["x", "999999999999999999999"]})
    assert response.status_code == 400 and "Choose what you want." in response.content.decode()
    response = file_request(client, world, "export", export_address="not an address")
    assert response.status_code == 400 and "Type an e-mail address" in response.content.decode()
    assert not RightsRequest.objects.exists()


def test_another_guardians_requests_stay_theirs(world: World, roster: Any) -> None:
    client = family_client(world)
    req = filed_and_confirmed(client, world, "delete")
    ruth = family_client(world, RUTH)
    assert ruth.get(world.request_url(req)).status_code == 404
