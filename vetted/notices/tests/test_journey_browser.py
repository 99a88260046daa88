"""Issue 11's journey in real Chromium: an admin executes an agreement and sends the contract-executed
notice from the agreement's page, then asks families for permission; the mail goes through a real
SMTP server on loopback; a Spanish-speaking parent opens the link in her e-mail on a 320 px phone and
gives permission; the public notices page shows both postings. axe-core finds no serious or
critical problem on the family's and the public pages, at desktop width and at 320 px."""

from __future__ import annotations

import datetime as dt
import re
from email.header import decode_header, make_header
from email.message import Message as MimeMessage
from typing import Any

import pytest
from django.utils import timezone

from conftest import assert_fits, serious_axe_violations, sign_in_in_browser
from vetted.agreements.services import agreements as agreement_services
from vetted.agreements.tests.gate import make_ready
from vetted.clocks.models import Obligation
from vetted.notices.models import Consent, Notice
from vetted.outbox.services import deliver_pending

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 320, "height": 700}
DESKTOP = {"width": 1280, "height": 900}


def _body(message: MimeMessage) -> str:
    payload = message.get_payload(decode=True)
    return payload.decode(message.get_content_charset() or "utf-8") if isinstance(payload, bytes) else ""


def test_contract_notice_permission_and_public_posting(
    browser: Any, live_server: Any, settings: Any, smtp_server: Any, roster: Any, needs_permission: Any
) -> None:
    settings.SITE_URL = live_server.url  # the links in the mail point at this server
    district, admin = roster.district, roster.user("admin")
    district.policy_packs = ["demo-ct-2017"]  # the policy's five business days for the family notice
    district.save(update_fields=["policy_packs"])
    needs_permission.description = "An online reading program."
    needs_permission.save()
    agreement = agreement_services.create_agreement(
        district, actor=admin, vendor=needs_permission.vendor, resources=[needs_permission],
        data={"title": "Quillstone DPA 2026", "kind": "standard", "vendor_signatory_name": "Odalys Prentiss"},
    )  # fmt: skip
    agreement_services.transition(agreement, "vendor_sign", actor=admin)
    make_ready(agreement, admin)

    staff = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    staff.set_default_timeout(15_000)
    page = staff.new_page()
    sign_in_in_browser(page, admin)
    page.goto(f"/manage/{district.slug}/agreements/{agreement.pk}/")
    page.get_by_role("button", name="Record the district's signature (fully executed)").click()
    page.wait_for_load_state()
    obligation = Obligation.objects.get(kind="family_notice_of_contract", subject_id=str(agreement.pk))
    assert obligation.status == "open"

    page.get_by_role("link", name="Send the notice to families").click()
    page.get_by_role("button", name="Start the draft").click()
    page.get_by_label("Purpose").fill("Daily reading practice in class.")
    page.get_by_role("button", name="Save and preview").click()
    assert page.get_by_text("Nothing is sent yet").first.is_visible()
    page.get_by_label(re.compile("I have read the preview")).check()
    page.get_by_role("button", name="Send the notice").click()
    page.wait_for_load_state()
    obligation.refresh_from_db()
    assert obligation.status == "done"  # the contract notice met its clock

    page.goto(f"/manage/{district.slug}/notices/new/")
    page.get_by_label(re.compile("Permission request: ask")).check()
    page.get_by_label("The resource (permission request)").select_option(str(needs_permission.pk))
    page.get_by_role("button", name="Start the draft").click()
    page.get_by_label("Purpose").fill("Daily reading practice in class.")
    page.get_by_role("button", name="Save and preview").click()
    page.get_by_label(re.compile("I have read the preview")).check()
    page.get_by_role("button", name="Send the notice").click()
    page.wait_for_load_state()
    assert Notice.objects.filter(district=district, status="sent").count() == 2
    staff.close()

    while deliver_pending(timezone.now() + dt.timedelta(minutes=5)):  # the worker's job, to loopback SMTP
        pass
    to_ruth = [m for m in smtp_server.messages if m["To"] == "ruth.rourke@family.example"]
    assert len(to_ruth) == 2  # the contract notice and the permission request, once each
    subjects = [str(make_header(decode_header(m["Subject"]))) for m in to_ruth]
    assert any(s.startswith("Por favor responda") for s in subjects), subjects
    request = next(m for m, s in zip(to_ruth, subjects, strict=True) if s.startswith("Por favor responda"))
    link = re.search(r"https?://\S+/notices/answer/\S+/", _body(request))
    assert link is not None

    family = browser.new_context(base_url=live_server.url, viewport=PHONE)
    family.set_default_timeout(15_000)
    phone = family.new_page()
    phone.goto(link.group(0))
    assert phone.locator("html").get_attribute("lang") == "es"
    assert_fits(phone, PHONE["width"])
    assert serious_axe_violations(phone) == []
    phone.get_by_role("group", name="Su respuesta para Anya").get_by_label("Sí, doy permiso").check()
    phone.get_by_label("Madre o padre").check()
    phone.get_by_label("Su nombre completo").fill("Ruth Rourke")
    phone.get_by_role("button", name="Enviar mi respuesta").click()
    phone.wait_for_load_state()
    assert phone.get_by_role("heading", name="Gracias. Su respuesta quedó registrada.").is_visible()
    consent = Consent.objects.get()
    assert (consent.decision, consent.language, consent.channel) == ("consent", "es", "email_link")

    for viewport in (PHONE, DESKTOP):
        phone.set_viewport_size(viewport)
        phone.goto(f"/d/{district.slug}/notices/")
        assert phone.get_by_role("link", name=needs_permission.name).count() == 2
        assert_fits(phone, viewport["width"])
        assert serious_axe_violations(phone) == []
        phone.get_by_role("link", name=needs_permission.name).first.click()
        phone.wait_for_load_state()
        assert "Ruth" not in phone.content() and "Anya" not in phone.content()  # no personal data posted
        assert_fits(phone, viewport["width"])
        assert serious_axe_violations(phone) == []
    family.close()
