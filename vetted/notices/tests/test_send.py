"""Sending a notice (issue 11, item 3): one recipient per guardian address naming all of its children,
students' own addresses, letters where no guardian can be e-mailed, each in its language, with the
exact text kept; the contract notice meets its obligation; a notice is sent once."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from vetted.audit.models import AuditEvent
from vetted.clocks.models import Obligation
from vetted.notices import wording
from vetted.notices.models import Notice, NoticeTemplate, NoticeText, Recipient
from vetted.notices.services.send import send_notice
from vetted.outbox.models import Message

pytestmark = pytest.mark.django_db


def _notice(district: Any, **fields: Any) -> Notice:
    fields.setdefault("title", "Quillstone Reader")
    fields.setdefault("description", "An online reading program.")
    fields.setdefault("purpose", "Daily reading practice in class.")
    return Notice.objects.create(district=district, **fields)


def test_a_permission_request_reaches_each_family_once_in_its_language(
    roster: Any, needs_permission: Any
) -> None:
    notice = _notice(roster.district, kind="permission_request", resource=needs_permission)
    send_notice(notice, actor=roster.user("admin"))
    notice.refresh_from_db()
    assert notice.status == "sent" and notice.counts["students"] == 3
    rows = {r.email or f"letter:{r.name}": r for r in Recipient.objects.filter(notice=notice)}
    assert set(rows) == {"ruth.rourke@family.example", "kemi.okafor@family.example",
                         "anya.r@students.birchfield.example", "letter:Cleo Varga"}  # fmt: skip
    assert rows["ruth.rourke@family.example"].language == "es"
    assert rows["kemi.okafor@family.example"].language == "en"
    assert notice.counts["emails"] == 3 and notice.counts["letters"] == 1
    ruth = Message.objects.get(to_email="ruth.rourke@family.example")
    assert ruth.subject.startswith("Por favor responda") and "Anya" in ruth.subject
    assert f"/d/{roster.district.slug}/notices/answer/" in ruth.body
    assert "- Nombre del estudiante" in ruth.body  # the elements in Spanish
    assert ruth.message_id.startswith("<") and ruth.message_id.endswith("@vetted.example>")
    kemi = Message.objects.get(to_email="kemi.okafor@family.example")
    assert "Ben" in kemi.subject and "Anya" not in kemi.body  # a family is told only of its own children
    texts = {t.language: t for t in NoticeText.objects.filter(notice=notice)}
    assert set(texts) == {"en", "es"}
    assert "{{link}}" in texts["es"].body and texts["es"].sha256 == wording.version_hash(
        texts["es"].subject, texts["es"].body
    )
    event = AuditEvent.objects.get(event_type="notice.sent")
    assert event.details["emails"] == 3 and event.details["letters"] == 1


def test_a_notice_is_sent_once(roster: Any, needs_permission: Any) -> None:
    notice = _notice(roster.district, kind="permission_request", resource=needs_permission)
    send_notice(notice, actor=roster.user("admin"))
    with pytest.raises(ValidationError):
        send_notice(notice, actor=roster.user("admin"))
    assert Message.objects.count() == 3


def test_the_contract_notice_meets_its_obligation(roster: Any, executed_agreement: Any) -> None:
    Obligation.objects.create(
        district=roster.district, kind="family_notice_of_contract", description="Tell families.",
        subject_type="agreements.agreement", subject_id=str(executed_agreement.pk), subject_label="SDPA",
        event="agreement.executed", event_at="2026-11-30T12:00Z", due_at="2026-12-07T04:59Z",
        citation="C.G.S. 10-234bb(b)", actor="district", recipient="families", decided_by="us-ct",
        remind_at="2026-12-04T12:00Z",
    )  # fmt: skip
    notice = _notice(roster.district, kind="contract_executed", agreement=executed_agreement,
                     include_students=False)  # fmt: skip
    send_notice(notice, actor=roster.user("admin"))
    assert Obligation.objects.get(kind="family_notice_of_contract").status == "done"
    kemi = Message.objects.get(to_email="kemi.okafor@family.example")
    assert "November 30, 2026" in kemi.body and "- Student name\n- Grades" in kemi.body
    assert f"/d/{roster.district.slug}/notices/{notice.pk}/" in kemi.body
    assert not Message.objects.filter(to_email__endswith="students.birchfield.example").exists()


def test_a_district_wording_replaces_the_shipped_one(roster: Any, needs_permission: Any) -> None:
    NoticeTemplate.objects.create(district=roster.district, kind="permission_request", language="en",
                                  subject="Permission: {{resource}}", body="Hello. {{students}}: {{link}}")  # fmt: skip
    notice = _notice(roster.district, kind="permission_request", resource=needs_permission)
    send_notice(notice, actor=roster.user("admin"))
    kemi = Message.objects.get(to_email="kemi.okafor@family.example")
    assert kemi.subject == f"Permission: {needs_permission.name}" and kemi.body.startswith("Hello. Ben: http")


def test_an_unrecorded_element_list_is_not_told_as_none(roster: Any, executed_agreement: Any) -> None:
    executed_agreement.data_elements.clear()
    notice = _notice(roster.district, kind="contract_executed", agreement=executed_agreement)
    send_notice(notice, actor=roster.user("admin"))
    kemi = Message.objects.get(to_email="kemi.okafor@family.example")
    assert "does not list this yet" in kemi.body and "None." not in kemi.body


def test_language_codes_from_rosters_are_normalised() -> None:
    assert [wording.normalize_language(x) for x in ("es-US", "spa", "Spanish", "EN", "", "vi")] == [
        "es", "es", "es", "en", "", "vi"]  # fmt: skip


def test_unknown_placeholders_are_named() -> None:
    assert wording.unknown_placeholders("Hi {{students}} {{secret}} {{ broken") == [
        "secret",
        "{{…}} (a placeholder is a name in double braces, e.g. {{district}})",
    ]
