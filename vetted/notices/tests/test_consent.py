"""E-consent a district can defend (issue 11, item 4): a family answers through its signed link, once,
per student of its own; the record keeps the typed name, the relationship, the exact text's hash and
language, the time, the channel and the client address; the receipt's separate link takes permission
back, once. Forged, expired, reused, other-family and other-district links are refused, and a refusal
records nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core import signing
from django.utils import timezone

from tests.matrix import assert_nothing_written, recording
from vetted.audit.models import AuditEvent
from vetted.notices import consent, links
from vetted.notices.models import Consent, ConsentReceipt, Notice, NoticeText, Recipient
from vetted.notices.services import consent as services
from vetted.notices.services.send import send_notice
from vetted.outbox.models import Message

from .consent_world import ANYA_OWN, KEMI, RUTH, World, answer_data, sent_request, withdraw_token_from

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(roster: Any, needs_permission: Any) -> World:
    return sent_request(roster, needs_permission)


def test_the_page_shows_the_exact_text_in_the_familys_language_and_only_its_children(
    client: Any, world: World
) -> None:
    page = client.get(world.answer_url(RUTH))
    html = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="es">' in html and "Permiso para Quillstone Writing Studio" in html
    text = NoticeText.objects.get(notice=world.notice, language="es")
    assert "Estimada familia" in text.body and "Estimada familia" in html
    assert "¿puede Anya usar Quillstone Writing Studio?" in html  # {{students}} filled with her child
    assert "{{" not in html and "/notices/answer/" not in html.split("<form")[0]  # {{link}} left out
    assert f'name="answer_{world.student("s-1").pk}"' in html and "Sí, doy permiso" in html
    assert "Ben" not in html and "Cleo" not in html  # another family's children never appear
    kemi = client.get(world.answer_url(KEMI)).content.decode()
    assert '<html lang="en">' in kemi and "Ben" in kemi and "Anya" not in kemi


def test_an_answer_is_recorded_with_what_a_district_must_show(
    client: Any, world: World, smtp_server: Any, django_capture_on_commit_callbacks: Any
) -> None:
    ben = world.student("s-2")
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(world.answer_url(KEMI), answer_data({ben: "consent"}, relationship="guardian"),
                           HTTP_USER_AGENT="Mozilla/5.0 (test)")  # fmt: skip
    assert page.status_code == 200 and "Thank you. Your answer is recorded." in page.content.decode()
    row = Consent.objects.get()
    text = NoticeText.objects.get(notice=world.notice, language="en")
    assert (row.student, row.resource, row.decision) == (ben, world.resource, "consent")
    assert (row.typed_name, row.relationship, row.channel) == ("Kemi Okafor", "guardian", "email_link")
    assert (row.text_sha256, row.language) == (text.sha256, "en")
    assert row.client_ip == "127.0.0.1" and row.user_agent == "Mozilla/5.0 (test)"
    assert row.guardian == world.student("g-2") and row.recipient == world.recipient(KEMI)
    assert row.recorded_at is not None and row.recorded_by is None
    assert world.recipient(KEMI).answered_at is not None
    assert consent.has_permission(world.resource, ben)
    event = AuditEvent.objects.get(event_type="consent.recorded")
    assert event.details["consent"] == 1 and event.details["text_sha256"] == text.sha256
    assert "Kemi" not in str(event.details) and "Ben" not in str(event.details)
    receipt = Message.objects.get(kind="notice.consent_receipt")
    assert receipt.to_email == KEMI and receipt.status == "sent"
    delivered = smtp_server.messages[-1]
    assert delivered["To"] == KEMI and "Quillstone Writing Studio" in delivered["Subject"]
    body = delivered.get_payload(decode=True).decode()
    assert "- Ben: Yes, I give permission" in body and "/notices/withdraw/" in body


def test_a_spanish_family_answers_in_spanish_and_a_decline_gets_no_withdrawal_link(
    client: Any, world: World
) -> None:
    anya = world.student("s-1")
    page = client.post(world.answer_url(RUTH), answer_data({anya: "decline"}, "Ruth Rourke", "parent"))
    assert page.status_code == 200 and "Gracias. Su respuesta quedó registrada." in page.content.decode()
    row = Consent.objects.get()
    assert row.decision == "decline" and row.language == "es"
    assert row.text_sha256 == NoticeText.objects.get(notice=world.notice, language="es").sha256
    assert not ConsentReceipt.objects.exists()
    receipt = Message.objects.get(kind="notice.consent_receipt")
    assert receipt.subject == "Su respuesta sobre Quillstone Writing Studio"
    assert "- Anya: No, no doy permiso" in receipt.body and "/withdraw/" not in receipt.body
    assert not consent.has_permission(world.resource, anya)


def test_missing_answers_are_field_errors_in_the_familys_language(client: Any, world: World) -> None:
    page = client.post(world.answer_url(RUTH), {"typed_name": " "})
    html = page.content.decode()
    assert page.status_code == 400
    assert "Escriba su nombre completo." in html and "Elija sí o no para Anya." in html
    assert "Elija su relación con el estudiante." in html
    assert not Consent.objects.exists() and world.recipient(RUTH).answered_at is None


# --- an attacker's links --------------------------------------------------------------------------


def _refused(client: Any, url: str, capture: Any, method: str = "get", data: Any = None) -> Any:
    with recording(capture) as writes:
        response = client.get(url) if method == "get" else client.post(url, data or {})
    assert_nothing_written(writes)
    return response


def test_a_forged_token_is_refused(
    client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    good = world.token(KEMI)
    kemi = world.recipient(KEMI)
    forged = [
        good[:-3] + ("aaa" if not good.endswith("aaa") else "bbb"),  # signature changed
        signing.TimestampSigner(salt="another.salt").sign(f"{kemi.pk}.{kemi.token_nonce}"),
        links.make_token(kemi.pk, "0" * 32),  # our key, a guessed nonce
        links.make_token(10**30, kemi.token_nonce),
        "not-a-token",
    ]
    ben = world.student("s-2")
    for token in forged:
        response = _refused(client, f"/d/{world.slug}/notices/answer/{token}/", django_capture_on_commit_callbacks,
                            "post", answer_data({ben: "consent"}))  # fmt: skip
        assert response.status_code == 404, token
        assert "This link is not valid" in response.content.decode()
        assert "Este enlace no es válido" in response.content.decode()  # nobody known: every language
    assert not Consent.objects.exists() and kemi.answered_at is None


def test_an_expired_link_is_refused(
    client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    url = world.answer_url(KEMI)
    with time_machine.travel(timezone.now() + dt.timedelta(days=61)):
        response = _refused(client, url, django_capture_on_commit_callbacks, "post",
                            answer_data({world.student("s-2"): "consent"}))  # fmt: skip
    assert response.status_code == 410 and "This link has expired" in response.content.decode()
    assert not Consent.objects.exists()


def test_a_used_link_is_refused(client: Any, world: World, django_capture_on_commit_callbacks: Any) -> None:
    url, data = world.answer_url(KEMI), answer_data({world.student("s-2"): "consent"})
    assert client.post(url, data).status_code == 200
    again = _refused(client, url, django_capture_on_commit_callbacks, "post", answer_data(
        {world.student("s-2"): "decline"}))  # fmt: skip
    assert again.status_code == 410 and "already been used" in again.content.decode()
    assert client.get(url).status_code == 410
    assert list(Consent.objects.values_list("decision", flat=True)) == ["consent"]


def test_two_submissions_at_once_record_once(world: World) -> None:
    """Both requests read the link as unused; the compare-and-swap lets one through."""
    first, second = world.recipient(KEMI), world.recipient(KEMI)
    ben = world.student("s-2")
    services.record_answer(first, decisions={ben.pk: "consent"}, typed_name="Kemi Okafor",
                           relationship="guardian", client_ip="192.0.2.1")  # fmt: skip
    with pytest.raises(services.LinkAlreadyUsed):
        services.record_answer(second, decisions={ben.pk: "decline"}, typed_name="Kemi Okafor",
                               relationship="guardian", client_ip="192.0.2.1")  # fmt: skip
    assert (
        Consent.objects.count() == 1 and AuditEvent.objects.filter(event_type="consent.recorded").count() == 1
    )


def test_another_districts_slug_is_refused(
    client: Any, world: World, other_tenant: Any, django_capture_on_commit_callbacks: Any
) -> None:
    url = world.answer_url(KEMI, slug=other_tenant.district.slug)
    response = _refused(client, url, django_capture_on_commit_callbacks, "post",
                        answer_data({world.student("s-2"): "consent"}))  # fmt: skip
    assert response.status_code == 404 and "Birchfield" not in response.content.decode()
    assert client.get(f"/d/no-such-district/notices/answer/{world.token(KEMI)}/").status_code == 404


def test_a_form_changed_to_answer_for_another_familys_child_is_refused(
    client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    ben, anya, cleo = world.student("s-2"), world.student("s-1"), world.student("s-3")
    for extra in ({anya: "decline"}, {cleo: "consent"}):
        data = answer_data({ben: "consent", **extra})
        response = _refused(client, world.answer_url(KEMI), django_capture_on_commit_callbacks, "post", data)
        assert response.status_code == 400 and "This form was changed" in response.content.decode()
    bogus = {**answer_data({ben: "consent"}), "answer_99999999999999999999": "consent", "answer_x": "consent"}
    assert client.post(world.answer_url(KEMI), bogus).status_code == 400
    assert not Consent.objects.exists() and world.recipient(KEMI).answered_at is None
    # The service refuses it too, whatever a view lets through.
    with pytest.raises(Exception, match="only for them"):
        services.record_answer(world.recipient(KEMI), decisions={anya.pk: "consent"}, typed_name="K",
                               relationship="guardian", client_ip=None)  # fmt: skip


def test_an_answer_for_no_choice_is_refused(client: Any, world: World) -> None:
    ben = world.student("s-2")
    response = client.post(world.answer_url(KEMI), answer_data({ben: "withdrawn"}, relationship="king"))
    assert response.status_code == 400 and not Consent.objects.exists()


def test_a_notice_that_asks_nothing_has_no_answer(
    client: Any, roster: Any, executed_agreement: Any, django_capture_on_commit_callbacks: Any
) -> None:
    notice = Notice.objects.create(district=roster.district, kind="contract_executed", agreement=executed_agreement,
                                   title="Quillstone agreement")  # fmt: skip
    send_notice(notice, actor=roster.user("admin"))
    r = Recipient.objects.filter(notice=notice, email=KEMI).first()
    assert r is not None
    url = f"/d/{roster.district.slug}/notices/answer/{links.make_token(r.pk, r.token_nonce)}/"
    response = _refused(client, url, django_capture_on_commit_callbacks, "post", {"typed_name": "X"})
    assert response.status_code == 404 and "does not ask for an answer" in response.content.decode()
    assert not Consent.objects.exists()


def test_the_client_address_behind_a_trusted_proxy(client: Any, world: World, settings: Any) -> None:
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    ben = world.student("s-2")
    client.post(world.answer_url(KEMI), answer_data({ben: "consent"}), HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert Consent.objects.get().client_ip == "198.51.100.7"


def test_a_made_up_forwarded_header_is_ignored_without_a_proxy(client: Any, world: World) -> None:
    ben = world.student("s-2")
    client.post(world.answer_url(KEMI), answer_data({ben: "consent"}), HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert Consent.objects.get().client_ip == "127.0.0.1"


# --- withdrawal -------------------------------------------------------------------------------------


def _consented(client: Any, world: World) -> str:
    """Kemi says yes for Ben; the withdrawal link from the receipt e-mail."""
    assert (
        client.post(world.answer_url(KEMI), answer_data({world.student("s-2"): "consent"})).status_code == 200
    )
    return withdraw_token_from(Message.objects.get(kind="notice.consent_receipt").body)


def test_a_family_takes_its_permission_back_once(
    client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    token = _consented(client, world)
    url = f"/d/{world.slug}/notices/withdraw/{token}/"
    page = client.get(url)
    assert (
        page.status_code == 200
        and "You gave permission for Ben to use Quillstone Writing Studio" in page.content.decode()
    )
    assert consent.has_permission(world.resource, world.student("s-2"))  # opening the page changes nothing
    done = client.post(url, HTTP_USER_AGENT="Phone browser")
    assert done.status_code == 200 and "Your permission is taken back" in done.content.decode()
    assert not consent.has_permission(world.resource, world.student("s-2"))
    newest = Consent.objects.order_by("-id").first()
    assert newest is not None and newest.decision == "withdrawn" and newest.typed_name == "Kemi Okafor"
    assert newest.user_agent == "Phone browser" and Consent.objects.count() == 2  # the yes is kept
    assert AuditEvent.objects.filter(event_type="consent.withdrawn").count() == 1
    again = _refused(client, url, django_capture_on_commit_callbacks, "post")
    assert again.status_code == 410 and "already been used to take back" in again.content.decode()


def test_withdrawal_links_are_checked_like_answer_links(
    client: Any, world: World, other_tenant: Any, django_capture_on_commit_callbacks: Any
) -> None:
    token = _consented(client, world)
    receipt = ConsentReceipt.objects.get()
    refused = {
        f"/d/{other_tenant.district.slug}/notices/withdraw/{token}/": 404,  # another district
        f"/d/{world.slug}/notices/withdraw/{world.token(KEMI)}/": 404,  # an answer link is not a withdrawal link
        f"/d/{world.slug}/notices/withdraw/{consent.make_withdraw_token(receipt.pk, '0' * 32)}/": 404,
        f"/d/{world.slug}/notices/withdraw/{token[:-2]}xx/": 404,
    }
    for url, status in refused.items():
        assert _refused(client, url, django_capture_on_commit_callbacks, "post").status_code == status, url
    # A withdrawal token is no answer link either.
    assert client.get(f"/d/{world.slug}/notices/answer/{token}/").status_code == 404
    with time_machine.travel(timezone.now() + dt.timedelta(days=366)):
        late = _refused(
            client, f"/d/{world.slug}/notices/withdraw/{token}/", django_capture_on_commit_callbacks, "post"
        )
    assert late.status_code == 410
    assert consent.has_permission(world.resource, world.student("s-2"))


def test_nothing_to_withdraw_when_the_answer_changed_since(client: Any, world: World) -> None:
    token = _consented(client, world)
    Consent.objects.create(
        district=world.tenant.district, resource=world.resource, student=world.student("s-2"), decision="decline",
        typed_name="Kemi Okafor", relationship="guardian", channel="letter_reply", recorded_at=timezone.now(),
        recorded_by=world.tenant.user("admin"),
    )  # fmt: skip
    url = f"/d/{world.slug}/notices/withdraw/{token}/"
    assert "no permission to take back" in client.get(url).content.decode()
    assert "no permission to take back" in client.post(url).content.decode()
    assert ConsentReceipt.objects.get().withdrawn_at is None and Consent.objects.count() == 2


def test_a_student_answers_for_themself_on_their_own_link(client: Any, world: World) -> None:
    anya = world.student("s-1")
    page = client.post(world.answer_url(ANYA_OWN), answer_data({anya: "consent"}, "Anya Rourke", "self"))
    assert page.status_code == 200
    row = Consent.objects.get()
    assert row.relationship == "self" and row.guardian == anya


def test_current_state_is_the_newest_row_in_one_query(world: World, django_assert_num_queries: Any) -> None:
    ben, anya = world.student("s-2"), world.student("s-1")
    base = {"district": world.tenant.district, "resource": world.resource, "typed_name": "X",
            "relationship": "parent", "channel": "letter_reply", "recorded_at": timezone.now()}  # fmt: skip
    for decision in ("consent", "withdrawn", "consent"):
        Consent.objects.create(student=ben, decision=decision, **base)
    Consent.objects.create(student=anya, decision="decline", **base)
    cleo = world.student("s-3")
    with django_assert_num_queries(1):
        now = consent.current(world.tenant.district, world.resource, [ben.pk, anya.pk, cleo.pk])
    assert {k: v.decision for k, v in now.items()} == {ben.pk: "consent", anya.pk: "decline"}
    assert consent.has_permission(world.resource, ben) and not consent.has_permission(world.resource, anya)


def test_a_district_language_vetted_does_not_ship(client: Any, roster: Any, needs_permission: Any) -> None:
    """The notice in the district's own Vietnamese wording; the page's own words in English, and
    <html lang> says so while the notice's text carries lang="vi"."""
    from vetted.notices.models import NoticeTemplate
    from vetted.rosters.models import Person

    Person.objects.filter(district=roster.district, sourced_id="g-1").update(language="vi")
    NoticeTemplate.objects.create(district=roster.district, kind="permission_request", language="vi",
                                  subject="Xin cho phép: {{resource}}", body="Kính gửi gia đình {{students}}. {{link}}")  # fmt: skip
    world = sent_request(roster, needs_permission)
    html = client.get(world.answer_url(RUTH)).content.decode()
    assert '<html lang="en">' in html and 'lang="vi"' in html and "Kính gửi gia đình Anya." in html
    client.post(
        world.answer_url(RUTH), answer_data({world.student("s-1"): "consent"}, "Ruth Rourke", "parent")
    )
    row = Consent.objects.get()
    assert (
        row.language == "vi"
        and row.text_sha256 == NoticeText.objects.get(notice=world.notice, language="vi").sha256
    )
