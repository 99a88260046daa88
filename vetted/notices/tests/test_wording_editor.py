"""The wording editor and families' languages (issue 11, item 3): a district changes a kind's text
per language (placeholders checked), resets it, adds a language without code; an admin records a
family's language and a later roster import keeps it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from vetted.audit.models import AuditEvent
from vetted.notices.models import NoticeTemplate
from vetted.notices.services import drafts
from vetted.notices.services.send import send_notice
from vetted.outbox.models import Message
from vetted.rosters.importer import import_bundle
from vetted.rosters.models import Person
from vetted.rosters.tests.bundles import USERS_11, files_11, write

pytestmark = pytest.mark.django_db


def _base(tenant: Any) -> str:
    return f"/manage/{tenant.district.slug}/notices/"


def test_the_editor_shows_the_current_text_and_the_placeholders(tenant: Any, client_as: Any) -> None:
    admin = client_as(tenant.user("admin"))
    overview = admin.get(_base(tenant) + "templates/").content.decode()
    assert "English (en)" in overview and "Español (es)" in overview and "The product's text" in overview
    page = admin.get(_base(tenant) + "templates/contract_executed/es/").content.decode()
    assert "firmó" in page or "acuerdo" in page  # the shipped Spanish text
    assert "{{data_collected}}" in page and "The student information that may be collected" in page


def test_unknown_placeholders_are_field_errors(tenant: Any, client_as: Any) -> None:
    admin = client_as(tenant.user("admin"))
    response = admin.post(_base(tenant) + "templates/contract_executed/en/",
                          {"subject": "Hi {{secret}}", "body": "Body {{ broken"})  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 400
    assert "Not a placeholder: secret" in page and "a placeholder is a name in double braces" in page
    assert not NoticeTemplate.objects.exists()


def test_a_district_edits_then_resets_its_wording(tenant: Any, client_as: Any) -> None:
    admin = client_as(tenant.user("admin"))
    url = _base(tenant) + "templates/contract_executed/en/"
    assert (
        admin.post(url, {"subject": "Signed: {{title}}", "body": "We signed {{title}}. {{link}}"}).status_code
        == 302
    )
    template = NoticeTemplate.objects.get(district=tenant.district, kind="contract_executed", language="en")
    assert template.subject == "Signed: {{title}}" and template.body == "We signed {{title}}. {{link}}\n"
    event = AuditEvent.objects.get(event_type="notice_template.saved")
    assert event.details["created"] is True and event.details["language"] == "en"
    assert "The district's text" in admin.get(_base(tenant) + "templates/").content.decode()
    assert admin.post(url + "reset/").status_code == 302
    assert not NoticeTemplate.objects.exists()
    assert AuditEvent.objects.filter(event_type="notice_template.reset").count() == 1
    assert "Dear family" in admin.get(url).content.decode()  # the shipped text again


def test_a_script_in_a_template_is_shown_as_text(roster: Any, needs_permission: Any, client_as: Any) -> None:
    admin = client_as(roster.user("admin"))
    body = '<script>alert("x")</script> {{students}} {{link}}'
    assert admin.post(_base(roster) + "templates/permission_request/en/",
                      {"subject": "<b>Hi</b> {{resource}}", "body": body}).status_code == 302  # fmt: skip
    notice = drafts.create_notice(roster.district, kind="permission_request", resource=needs_permission,
                                  actor=roster.user("admin"))  # fmt: skip
    for url in (_base(roster) + f"{notice.pk}/preview/", _base(roster) + "templates/permission_request/en/"):
        page = admin.get(url).content.decode()
        assert "<script>alert" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
        assert "<b>Hi</b>" not in page


def test_a_district_adds_a_language_without_code(roster: Any, needs_permission: Any, client_as: Any) -> None:
    admin = client_as(roster.user("admin"))
    for bad in ("v1", "x", "vietnamese-long", "<vi>"):
        response = admin.post(_base(roster) + "templates/add-language/", {"code": bad})
        assert response.status_code == 400 and "2 to 8 letters" in response.content.decode(), bad
    response = admin.post(_base(roster) + "templates/add-language/", {"code": " VI "})
    assert response.status_code == 302 and response["Location"].endswith("/templates/contract_executed/vi/")
    page = admin.get(_base(roster) + "templates/permission_request/vi/").content.decode()
    assert "Vietnamese (vi)" in page and "No text in this language yet" in page
    assert "The English text, to translate from" in page
    assert admin.get(_base(roster) + "templates/permission_request/v1/").status_code == 404
    assert admin.get(_base(roster) + "templates/wizard/vi/").status_code == 404
    response = admin.post(_base(roster) + "templates/permission_request/vi/",
                          {"subject": "Xin phép: {{resource}}", "body": "Kính gửi gia đình của {{students}}. {{link}}"})  # fmt: skip
    assert response.status_code == 302
    assert "Vietnamese (vi)" in admin.get(_base(roster) + "templates/").content.decode()

    # Kemi's language is not on the roster; an admin records it, and her notice comes in Vietnamese.
    kemi = Person.objects.get(district=roster.district, email="kemi.okafor@family.example")
    languages = admin.get(_base(roster) + "languages/?q=okafor").content.decode()
    assert "Kemi" in languages and "Ruth" not in languages  # Ruth's language (es) is recorded
    assert AuditEvent.objects.get(event_type="roster.guardians_viewed").details["q"] == "okafor"
    response = admin.post(_base(roster) + "languages/?q=okafor", {"person": kemi.pk, "language": "VI"})
    assert response.status_code == 302
    kemi.refresh_from_db()
    assert kemi.language == "vi" and kemi.language_set_by_admin
    assert AuditEvent.objects.get(event_type="person.language_set").details == {"from": "", "to": "vi"}
    notice = drafts.create_notice(roster.district, kind="permission_request", resource=needs_permission,
                                  actor=roster.user("admin"))  # fmt: skip
    preview = admin.get(_base(roster) + f"{notice.pk}/preview/").content.decode()
    assert 'lang="vi"' in preview and "Xin phép" in preview
    send_notice(notice, actor=roster.user("admin"))
    message = Message.objects.get(to_email="kemi.okafor@family.example")
    assert (
        message.subject == f"Xin phép: {needs_permission.name}"
        and "Kính gửi gia đình của Ben." in message.body
    )


def test_a_roster_import_keeps_the_language_an_admin_recorded(
    roster: Any, tmp_path: Path, client_as: Any
) -> None:
    admin = client_as(roster.user("admin"))
    kemi = Person.objects.get(district=roster.district, email="kemi.okafor@family.example")
    admin.post(_base(roster) + "languages/", {"person": kemi.pk, "language": "ht"})
    # The next export says nothing of Kemi's language and changes Ruth's: Kemi's stays, Ruth's changes.
    users = USERS_11.replace("ruth.rourke@family.example,,,s-1,,,es", "ruth.rourke@family.example,,,s-1,,,en")
    job = import_bundle(roster.district, write(tmp_path / "again", files_11({"users.csv": users})))
    assert job.status == "done"
    kemi.refresh_from_db()
    assert kemi.language == "ht" and kemi.language_set_by_admin
    assert Person.objects.get(district=roster.district, email="ruth.rourke@family.example").language == "en"


def test_the_languages_page_refuses_bad_input(
    roster: Any, other_tenant: Any, client_as: Any, tmp_path: Path
) -> None:
    admin = client_as(roster.user("admin"))
    kemi = Person.objects.get(district=roster.district, email="kemi.okafor@family.example")
    response = admin.post(_base(roster) + "languages/", {"person": kemi.pk, "language": "1!"})
    assert response.status_code == 400 and "2 to 8 letters" in response.content.decode()
    student = Person.objects.get(district=roster.district, given_name="Ben")
    for person in (student.pk, "abc", "99999999999999999999999"):
        assert (
            admin.post(_base(roster) + "languages/", {"person": person, "language": "vi"}).status_code == 404
        )
    job = import_bundle(other_tenant.district, write(tmp_path / "theirs", files_11()))
    assert job.status == "done"
    theirs = Person.objects.get(district=other_tenant.district, email="kemi.okafor@family.example")
    assert (
        admin.post(_base(roster) + "languages/", {"person": theirs.pk, "language": "vi"}).status_code == 404
    )
    theirs.refresh_from_db()
    kemi.refresh_from_db()
    assert theirs.language == "" and kemi.language == ""
    assert not AuditEvent.objects.filter(event_type="person.language_set").exists()
