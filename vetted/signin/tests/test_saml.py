"""A district's SAML 2.0 sign-in against an identity provider in-process (tests/saml_idp.py), with
assertions really signed: a forged signature, an expired answer, another audience and an address
outside the district are refused; a right answer signs in with the default role and an audit event."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from vetted.audit.models import AuditEvent
from vetted.districts.models import Membership, Role, User
from vetted.signin.models import DistrictSignOn, SignOnKind
from vetted.signin.tests.saml_idp import ENTITY_ID, SSO_URL, InProcessIdP

pytestmark = pytest.mark.django_db

NEWCOMER = "rowan.ellery@birchfield.example"


@pytest.fixture
def client() -> Client:
    # python3-saml refuses single-label host names such as the test client's "testserver".
    return Client(HTTP_HOST="127.0.0.1")


@pytest.fixture
def idp() -> InProcessIdP:
    return InProcessIdP()


@pytest.fixture
def row(tenant: Any, idp: InProcessIdP) -> DistrictSignOn:
    sign_on = DistrictSignOn(district=tenant.district, kind=SignOnKind.SAML, label="Birchfield SAML",
                             issuer=ENTITY_ID, saml_sso_url=SSO_URL, saml_certificate=idp.cert_pem,
                             client_id="-", client_secret="-", allowed_domain="birchfield.example")  # fmt: skip
    sign_on.full_clean()
    sign_on.save()
    return sign_on


def through_idp(client: Client, row: DistrictSignOn, idp: InProcessIdP, **answer: Any) -> Any:
    base = f"/accounts/saml/{row.provider_id}"
    start = client.post(f"{base}/login/")
    assert start.status_code == 302 and start["Location"].startswith(SSO_URL)
    request_id, relay_state = idp.request_id(start["Location"])
    fields = {"acs_url": f"http://127.0.0.1{base}/acs/", "audience": f"http://127.0.0.1{base}/metadata/",
              "in_response_to": request_id, "email": NEWCOMER, **answer}  # fmt: skip
    posted = client.post(f"{base}/acs/", {"SAMLResponse": idp.response(**fields), "RelayState": relay_state})
    assert posted.status_code == 302
    return client.get(posted["Location"])


def refused(client: Client, response: Any) -> None:
    assert response.status_code in (401, 403)
    assert client.get("/manage/").status_code == 302
    assert not User.objects.filter(email=NEWCOMER).exists()


def test_a_right_signed_answer_signs_in_with_the_default_role_and_an_audit_event(
    client: Client, tenant: Any, row: DistrictSignOn, idp: InProcessIdP
) -> None:
    response = through_idp(client, row, idp)
    assert response.status_code == 302, response.content.decode()[:400]
    assert client.get("/manage/birchfield/").status_code == 200
    assert Membership.objects.get(user__email=NEWCOMER).role == Role.STAFF
    assert AuditEvent.objects.filter(event_type="signin.sso_first_sign_in", district=tenant.district).exists()


def test_an_answer_signed_by_another_key_is_refused(
    client: Client, row: DistrictSignOn, idp: InProcessIdP
) -> None:
    refused(client, through_idp(client, row, idp, signing=InProcessIdP.new_identity()))


def test_an_expired_answer_is_refused(client: Client, row: DistrictSignOn, idp: InProcessIdP) -> None:
    refused(client, through_idp(client, row, idp, lifetime=dt.timedelta(minutes=-10)))


def test_an_answer_for_another_service_is_refused(
    client: Client, row: DistrictSignOn, idp: InProcessIdP
) -> None:
    refused(client, through_idp(client, row, idp, audience="https://other-service.example/saml"))


def test_an_address_outside_the_district_is_refused(
    client: Client, row: DistrictSignOn, idp: InProcessIdP
) -> None:
    response = through_idp(client, row, idp, email="rowan.ellery@larchmont.example")
    assert response.status_code == 403
    assert not User.objects.filter(email="rowan.ellery@larchmont.example").exists()
    assert AuditEvent.objects.filter(event_type="signin.sso_refused").exists()


def test_an_answer_nobody_asked_for_is_refused(
    client: Client, row: DistrictSignOn, idp: InProcessIdP
) -> None:
    """IdP-initiated (or replayed from another session): no request of ours it answers."""
    base = f"/accounts/saml/{row.provider_id}"
    answer = idp.response(acs_url=f"http://127.0.0.1{base}/acs/", audience=f"http://127.0.0.1{base}/metadata/",
                          in_response_to="_not-ours", email=NEWCOMER)  # fmt: skip
    posted = client.post(f"{base}/acs/", {"SAMLResponse": answer})
    refused(client, client.get(posted["Location"]))


@pytest.mark.parametrize(
    "method, suffix, data",
    [
        ("post", "acs/", {"SAMLResponse": "not base64 %%%"}),
        ("post", "acs/", {"SAMLResponse": "PHhtbD48L3htbD4="}),  # <xml></xml>
        ("get", "acs/finish/", {}),
        ("get", "sls/", {"SAMLRequest": "garbage\x00"}),
        ("get", "sls/", {"SAMLResponse": "PHhtbD48L3htbD4="}),
        ("get", "metadata/", {}),
        ("get", "login/", {"next": "https://evil.example/"}),
    ],
)
def test_hostile_saml_input_gets_an_answer_not_a_server_error(
    method: str, suffix: str, data: dict[str, str], row: DistrictSignOn
) -> None:
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    response = getattr(client, method)(f"/accounts/saml/{row.provider_id}/{suffix}", data)
    if response.status_code == 302 and suffix == "acs/":
        response = client.get(response["Location"])
    assert response.status_code < 500
    assert "evil.example" not in response.get("Location", "")
    assert client.get("/manage/").status_code == 302
