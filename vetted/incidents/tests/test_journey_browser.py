"""Issue 12's journey in real Chromium: the admin makes a reporting link for a vendor; the vendor
reports through it on a phone without an account; the admin sees the clocks with their citations,
writes the public words, names the affected class, sends the breach notice and posts it; the public
incidents page shows it. axe-core finds no serious or critical problem on the vendor's and the
public pages, at desktop width and at 320 px."""

from __future__ import annotations

import re
from typing import Any

import pytest

from conftest import assert_fits, serious_axe_violations, sign_in_in_browser
from vetted.clocks.models import Obligation
from vetted.incidents.models import Incident
from vetted.notices.models import Notice
from vetted.outbox.models import Message
from vetted.rosters.models import SchoolClass

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 320, "height": 700}
DESKTOP = {"width": 1280, "height": 900}


def test_vendor_reports_admin_acts_public_sees(
    browser: Any, live_server: Any, settings: Any, roster: Any, catalog_item: Any
) -> None:
    settings.SITE_URL = live_server.url
    district, admin = roster.district, roster.user("admin")
    staff = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    staff.set_default_timeout(15_000)
    page = staff.new_page()
    sign_in_in_browser(page, admin)
    page.goto(f"/manage/{district.slug}/incidents/")
    page.get_by_label("Vendor").select_option(str(catalog_item.vendor.pk))
    page.get_by_role("button", name="Make a link").click()
    link = page.locator("code.wrap-anywhere").inner_text().strip()
    assert "/vendor/incidents/" in link

    vendor = browser.new_context(base_url=live_server.url, viewport=PHONE)
    vendor.set_default_timeout(15_000)
    phone = vendor.new_page()
    phone.goto(link)
    assert_fits(phone, PHONE["width"])
    assert serious_axe_violations(phone) == []
    phone.get_by_label(catalog_item.name).check()
    phone.get_by_label("What happened").fill("A misconfigured server exposed a grades export for two days.")
    phone.get_by_label("When you discovered it").fill("2026-11-20T08:15")
    phone.get_by_label("Grades", exact=True).check()
    phone.get_by_label("What you are doing about it").fill("We closed the server and rotated every key.")
    phone.get_by_label("Your name").fill("Iris Quill")
    phone.get_by_label("Your e-mail").fill("security@quillstone.example")
    phone.get_by_role("button", name="Send the report").click()
    phone.wait_for_load_state()
    assert phone.get_by_text("Report received").first.is_visible()
    assert_fits(phone, PHONE["width"])
    assert serious_axe_violations(phone) == []

    incident = Incident.objects.get()
    page.goto(f"/manage/{district.slug}/incidents/{incident.pk}/")
    duties = Obligation.objects.filter(subject_id=str(incident.pk), subject_type="incidents.incident")
    assert duties.exists()
    for duty in duties:
        assert page.get_by_text(duty.citation).first.is_visible()
    assert page.get_by_text(re.compile(r"E[SD]T")).first.is_visible()  # times in the district's zone, named

    page.goto(f"/manage/{district.slug}/incidents/{incident.pk}/edit/")
    page.get_by_label("What we are doing (public words)").fill("We are checking what was seen and by whom.")
    page.get_by_label("What families can do (public words)").fill(
        "Nothing is needed; call us with questions."
    )
    reading = SchoolClass.objects.get(district=district, sourced_id="cl-4a")
    page.get_by_label("Classes affected").select_option(str(reading.pk))
    page.get_by_role("button", name=re.compile("Save")).click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Send the breach notice to families").click()
    page.wait_for_load_state()
    notice = Notice.objects.get(kind="breach")
    assert notice.status == "sent" and notice.counts["students"] == 2  # Anya and Ben, in Reading 4
    assert Message.objects.filter(kind="notice.breach", to_email="ruth.rourke@family.example").exists()
    page.get_by_role("button", name="Post the public notice").click()
    page.wait_for_load_state()
    staff.close()

    for viewport in (PHONE, DESKTOP):
        phone.set_viewport_size(viewport)
        phone.goto(f"/d/{district.slug}/incidents/")
        phone.get_by_role("link", name=incident.title).click()
        phone.wait_for_load_state()
        text = phone.content()
        assert "misconfigured server" in text and "Anya" not in text and "Iris Quill" not in text
        assert_fits(phone, viewport["width"])
        assert serious_axe_violations(phone) == []
    vendor.close()
