"""A district's single sign-on against a real OpenID Connect provider on loopback (tests/idp.py):
each forged or foreign ID token is refused, a right one signs in with at most the district's default
role, and every outcome is in the district's audit trail."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from vetted.audit.models import AuditEvent
from vetted.districts.models import Membership, Role, User
from vetted.signin.models import DistrictSignOn, FirstSignIn, SignOnApproval, SignOnKind
from vetted.signin.tests.idp import LoopbackIdP, new_key

pytestmark = pytest.mark.django_db

CLIENT_ID, SECRET = "vetted-birchfield", "loopback-client-secret"
TENANT = "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"
NEWCOMER = "wren.calloway@birchfield.example"


@pytest.fixture
def idp() -> Iterator[LoopbackIdP]:
    with LoopbackIdP(CLIENT_ID, SECRET) as provider:
        yield provider


def sign_on(tenant: Any, idp: LoopbackIdP, kind: str = SignOnKind.GOOGLE, **fields: Any) -> DistrictSignOn:
    row = DistrictSignOn(district=tenant.district, kind=kind, label="Sign in with Birchfield accounts",
                         issuer=idp.issuer, client_id=CLIENT_ID, client_secret=SECRET,
                         allowed_domain="birchfield.example", **fields)  # fmt: skip
    row.full_clean()
    row.save()
    return row


def through_provider(client: Client, row: DistrictSignOn, idp: LoopbackIdP) -> Any:
    """What the browser does: start at Vetted, come back from the provider with a code and the state."""
    start = client.post(f"/accounts/oidc/{row.provider_id}/login/")
    assert start.status_code == 302 and start["Location"].startswith(f"{idp.issuer}/authorize?")
    query = parse_qs(urlsplit(start["Location"]).query)
    assert query["client_id"] == [CLIENT_ID] and query["code_challenge_method"] == ["S256"]
    return client.get(
        f"/accounts/oidc/{row.provider_id}/login/callback/",
        {"code": "loopback-code", "state": query["state"][0]},
    )


def signed_in_as(client: Client) -> str | None:
    response = client.get("/manage/")
    if response.status_code == 302 and response["Location"].startswith("/accounts/login/"):
        return None
    return User.objects.get(pk=client.session["_auth_user_id"]).email


def refused(client: Client, response: Any) -> None:
    assert response.status_code in (401, 403)
    assert signed_in_as(client) is None
    assert not User.objects.filter(email=NEWCOMER).exists()


def test_a_right_google_token_signs_in_with_the_default_role_and_an_audit_event(
    client: Client, tenant: Any, idp: LoopbackIdP
) -> None:
    row = sign_on(tenant, idp)
    idp.claims = idp.standard_claims(hd="birchfield.example")
    response = through_provider(client, row, idp)
    assert response.status_code == 302, response.content.decode()[:500]
    assert signed_in_as(client) == NEWCOMER
    membership = Membership.objects.get(user__email=NEWCOMER)
    assert membership.district == tenant.district and membership.role == Role.STAFF
    event = AuditEvent.objects.get(event_type="signin.sso_first_sign_in")
    assert event.district == tenant.district and event.details["role"] == "staff"
    assert idp.token_requests and idp.token_requests[0]["code_verifier"]  # PKCE


def test_a_google_account_of_another_workspace_is_refused(
    client: Client, tenant: Any, idp: LoopbackIdP
) -> None:
    """The login hint can be edited by anyone; the hd claim is Google's word."""
    row = sign_on(tenant, idp)
    idp.claims = idp.standard_claims(hd="larchmont.example")
    refused(client, through_provider(client, row, idp))
    assert AuditEvent.objects.filter(event_type="signin.sso_refused", district=tenant.district).count() == 1


def test_a_personal_google_account_without_hd_is_refused(
    client: Client, tenant: Any, idp: LoopbackIdP
) -> None:
    row = sign_on(tenant, idp)
    idp.claims = idp.standard_claims()
    refused(client, through_provider(client, row, idp))


def test_a_microsoft_account_of_another_tenant_is_refused(
    client: Client, tenant: Any, idp: LoopbackIdP
) -> None:
    row = sign_on(tenant, idp, kind=SignOnKind.MICROSOFT, tenant_id=TENANT)
    idp.claims = idp.standard_claims(tid="9e8d7c6b-5a49-3827-1605-f4e3d2c1b0a9", email_verified=None)
    refused(client, through_provider(client, row, idp))


def test_the_districts_microsoft_tenant_signs_in(client: Client, tenant: Any, idp: LoopbackIdP) -> None:
    row = sign_on(tenant, idp, kind=SignOnKind.MICROSOFT, tenant_id=TENANT)
    idp.claims = idp.standard_claims(tid=TENANT, email=None, email_verified=None, preferred_username=NEWCOMER)
    assert through_provider(client, row, idp).status_code == 302
    assert signed_in_as(client) == NEWCOMER


def test_microsoft_common_tenant_cannot_be_configured(tenant: Any, idp: LoopbackIdP) -> None:
    from django.core.exceptions import ValidationError

    for tenant_id in ("common", "organizations", "not-a-guid"):
        with pytest.raises(ValidationError) as error:
            sign_on(tenant, idp, kind=SignOnKind.MICROSOFT, tenant_id=tenant_id)
        assert "tenant_id" in error.value.message_dict


def test_a_token_signed_with_another_key_is_refused(client: Client, tenant: Any, idp: LoopbackIdP) -> None:
    row = sign_on(tenant, idp)
    idp.claims = idp.standard_claims(hd="birchfield.example")
    idp.signing_key = new_key()
    refused(client, through_provider(client, row, idp))


def test_an_expired_token_is_refused(client: Client, tenant: Any, idp: LoopbackIdP) -> None:
    row = sign_on(tenant, idp)
    past = int(time.time()) - 3600
    idp.claims = idp.standard_claims(hd="birchfield.example", iat=past - 300, exp=past)
    refused(client, through_provider(client, row, idp))


def test_a_token_for_another_application_is_refused(client: Client, tenant: Any, idp: LoopbackIdP) -> None:
    row = sign_on(tenant, idp)
    idp.claims = idp.standard_claims(hd="birchfield.example", aud="some-other-app")
    refused(client, through_provider(client, row, idp))


def test_a_token_from_another_issuer_is_refused(client: Client, tenant: Any, idp: LoopbackIdP) -> None:
    row = sign_on(tenant, idp)
    idp.claims = idp.standard_claims(hd="birchfield.example", iss="https://evil.example")
    refused(client, through_provider(client, row, idp))


def test_an_unconfirmed_address_is_refused(client: Client, tenant: Any, idp: LoopbackIdP) -> None:
    row = sign_on(tenant, idp, kind=SignOnKind.OIDC)
    idp.claims = idp.standard_claims(email_verified=False)
    refused(client, through_provider(client, row, idp))


def test_another_oidc_providers_tenant_claim_must_match(
    client: Client, tenant: Any, idp: LoopbackIdP
) -> None:
    row = sign_on(tenant, idp, kind=SignOnKind.OIDC, tenant_claim="TenantId", tenant_id="birchfield-4242")
    idp.claims = idp.standard_claims(TenantId="larchmont-1111")
    refused(client, through_provider(client, row, idp))
    idp.claims = idp.standard_claims(TenantId="birchfield-4242")
    assert through_provider(client, row, idp).status_code == 302
    assert signed_in_as(client) == NEWCOMER


def test_a_district_that_wants_approval_gives_no_role_until_an_admin_says_so(
    client: Client, tenant: Any, idp: LoopbackIdP
) -> None:
    row = sign_on(tenant, idp, first_sign_in=FirstSignIn.APPROVAL)
    idp.claims = idp.standard_claims(hd="birchfield.example")
    through_provider(client, row, idp)
    user = User.objects.get(email=NEWCOMER)
    assert not Membership.objects.filter(user=user).exists()
    assert SignOnApproval.objects.filter(user=user, district=tenant.district, approved=None).exists()
    assert client.get("/manage/birchfield/").status_code == 404
    assert AuditEvent.objects.filter(event_type="signin.sso_awaiting_approval").exists()


def test_another_districts_provider_cannot_take_over_an_account(
    client: Client, tenant: Any, other_tenant: Any, idp: LoopbackIdP
) -> None:
    """Larchmont's admin configures a provider they control and asserts a Birchfield admin's address."""
    row = DistrictSignOn(district=other_tenant.district, kind=SignOnKind.OIDC, label="Larchmont",
                         issuer=idp.issuer, client_id=CLIENT_ID, client_secret=SECRET,
                         allowed_domain="birchfield.example")  # fmt: skip
    row.save()
    idp.claims = idp.standard_claims(email="admin@birchfield.example")
    response = through_provider(client, row, idp)
    assert response.status_code == 403 and signed_in_as(client) is None
    assert not tenant.user("admin").socialaccount_set.exists()


def test_a_member_is_linked_and_an_admin_still_needs_the_second_factor(
    client: Client, tenant: Any, idp: LoopbackIdP
) -> None:
    row = sign_on(tenant, idp)
    idp.claims = idp.standard_claims(hd="birchfield.example", email="admin@birchfield.example")
    assert through_provider(client, row, idp).status_code == 302
    assert Membership.objects.get(user=tenant.user("admin")).role == Role.ADMIN  # unchanged, not lowered
    assert AuditEvent.objects.filter(event_type="signin.sso_linked").exists()
    page = client.get("/manage/birchfield/")
    assert page.status_code == 302 and page["Location"].startswith("/accounts/2fa/totp/activate/")


def test_a_disabled_or_unknown_sign_on_is_not_found(client: Client, tenant: Any, idp: LoopbackIdP) -> None:
    row = sign_on(tenant, idp, enabled=False)
    assert client.post(f"/accounts/oidc/{row.provider_id}/login/").status_code == 404
    assert client.post("/accounts/oidc/district-99999999999999999999999/login/").status_code == 404
    assert client.get("/accounts/oidc/openid_connect/login/callback/").status_code == 404


def test_the_sign_in_page_offers_the_districts_button(client: Client, tenant: Any, idp: LoopbackIdP) -> None:
    row = sign_on(tenant, idp)
    page = client.get("/accounts/login/").content.decode()
    assert (
        f'action="/accounts/oidc/{row.provider_id}/login/"' in page
        and "Sign in with Birchfield accounts" in page
    )
    row.enabled = False
    row.save()
    assert row.provider_id not in client.get("/accounts/login/").content.decode()


def test_the_client_secret_is_never_shown_or_audited(tenant: Any, client_as: Any) -> None:
    admin = client_as(tenant.user("admin"))
    form = {"kind": "google", "label": "Birchfield Google", "client_id": "abc.apps.example",
            "client_secret": "s3cret-never-shown", "allowed_domain": "Birchfield.example",
            "first_sign_in": "default_role", "default_role": "staff", "enabled": "on"}  # fmt: skip
    assert admin.post("/manage/birchfield/sign-in/", form).status_code == 302
    row = DistrictSignOn.objects.get()
    assert row.allowed_domain == "birchfield.example" and row.client_secret == "s3cret-never-shown"
    for url in ("/manage/birchfield/sign-in/", f"/manage/birchfield/sign-in/{row.pk}/"):
        assert "s3cret-never-shown" not in admin.get(url).content.decode()
    assert (
        admin.post(f"/manage/birchfield/sign-in/{row.pk}/", {**form, "client_secret": ""}).status_code == 302
    )
    row.refresh_from_db()
    assert row.client_secret == "s3cret-never-shown"
    events = AuditEvent.objects.filter(event_type__in=["signin.sso_added", "signin.sso_changed"])
    assert events.count() == 2 and all("s3cret" not in str(e.details) for e in events)


def test_the_common_tenant_is_refused_on_the_settings_page_with_a_clear_error(
    tenant: Any, client_as: Any
) -> None:
    form = {"kind": "microsoft", "label": "Birchfield Microsoft", "client_id": "abc", "client_secret": "s",
            "tenant_id": "common", "first_sign_in": "default_role", "default_role": "staff"}  # fmt: skip
    page = client_as(tenant.user("admin")).post("/manage/birchfield/sign-in/", form)
    assert page.status_code == 200 and "would let any organisation" in page.content.decode()
    assert not DistrictSignOn.objects.exists()


def test_a_first_sign_in_cannot_be_given_the_admin_role(tenant: Any, client_as: Any) -> None:
    form = {"kind": "google", "label": "G", "client_id": "abc", "client_secret": "s",
            "allowed_domain": "birchfield.example", "first_sign_in": "default_role", "default_role": "admin"}  # fmt: skip
    page = client_as(tenant.user("admin")).post("/manage/birchfield/sign-in/", form)
    assert page.status_code == 200 and not DistrictSignOn.objects.exists()


def test_approving_gives_the_default_role_once(
    client: Client, tenant: Any, idp: LoopbackIdP, client_as: Any
) -> None:
    row = sign_on(tenant, idp, first_sign_in=FirstSignIn.APPROVAL, default_role=Role.REVIEWER)
    idp.claims = idp.standard_claims(hd="birchfield.example")
    through_provider(client, row, idp)
    approval = SignOnApproval.objects.get()
    admin = client_as(tenant.user("admin"))
    assert NEWCOMER in admin.get("/manage/birchfield/sign-in/").content.decode()
    url = f"/manage/birchfield/sign-in/waiting/{approval.pk}/"
    assert admin.post(url, {"decision": "approve"}).status_code == 302
    assert Membership.objects.get(user__email=NEWCOMER).role == Role.REVIEWER
    assert client.get("/manage/birchfield/").status_code == 200
    admin.post(url, {"decision": "refuse"})  # a second decision changes nothing
    assert Membership.objects.filter(user__email=NEWCOMER).exists()
    assert AuditEvent.objects.filter(event_type="signin.sso_approved").count() == 1


def test_an_admin_who_signs_in_only_by_sso_enrols_after_a_mailed_code(
    client: Client, tenant: Any, idp: LoopbackIdP
) -> None:
    """No password to confirm with: the enrolment asks a code sent to the person's address first."""
    import re

    from django.core import mail

    from vetted.signin.tests.totp import totp_code

    row = sign_on(tenant, idp)
    idp.claims = idp.standard_claims(hd="birchfield.example")
    through_provider(client, row, idp)
    Membership.objects.filter(user__email=NEWCOMER).update(role=Role.ADMIN)  # raised later by an admin
    enrol = client.get("/manage/birchfield/")["Location"]
    ask = client.get(enrol)
    assert ask.status_code == 302 and ask["Location"].startswith("/accounts/reauthenticate/code/")
    sent = client.post(ask["Location"], {"recipient": NEWCOMER})
    assert sent.status_code == 302 and mail.outbox[-1].to == [NEWCOMER]
    code = re.search(r"^\s*([A-Z0-9-]{6,})\s*$", str(mail.outbox[-1].body), re.MULTILINE)
    assert code, mail.outbox[-1].body
    assert client.post(sent["Location"], {"code": code.group(1)}).status_code == 302
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200
    secret = client.session["mfa.totp.secret"]
    assert client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)}).status_code == 302
    assert client.get("/manage/birchfield/").status_code == 200
