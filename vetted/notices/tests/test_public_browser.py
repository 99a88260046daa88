"""The public notices pages in real Chromium at 320 CSS pixels: nothing scrolls sideways and
axe-core finds no serious problem, with a long description and the contract's public copy."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import assert_fits, serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 320


def test_the_public_notices_work_at_320_px(browser: Any, live_server: Any, roster: Any,
                                           executed_agreement: Any) -> None:  # fmt: skip
    from vetted.agreements.models import AgreementDocument
    from vetted.notices.models import Notice
    from vetted.notices.services import drafts
    from vetted.notices.services.send import send_notice

    AgreementDocument.objects.create(agreement=executed_agreement, original_name="signed.pdf", stored_name="s.pdf",
                                     file_type="pdf", size=10, sha256="0" * 64, public_copy=True, label="signed copy")  # fmt: skip
    notice = drafts.create_notice(roster.district, kind="contract_executed", agreement=executed_agreement,
                                  actor=roster.user("admin"))  # fmt: skip
    Notice.objects.filter(pk=notice.pk).update(
        description="An online reading program with a very-long-word-that-must-wrap-on-a-small-telephone-screen.",
        purpose="Daily reading practice in class.",
    )  # fmt: skip
    send_notice(notice, actor=roster.user("admin"))
    context = browser.new_context(base_url=live_server.url, viewport={"width": WIDTH, "height": 640})
    context.set_default_timeout(10_000)
    page = context.new_page()
    slug = roster.district.slug
    for url in (f"/d/{slug}/notices/", f"/d/{slug}/notices/{notice.pk}/"):
        page.goto(url)
        assert page.get_by_text("The district signed a contract").first.is_visible()
        assert_fits(page, WIDTH)
        assert serious_axe_violations(page) == [], url
    assert page.get_by_role("link", name="Read the contract: signed copy (PDF)").is_visible()
    context.close()
