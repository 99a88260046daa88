"""Directory information (issue 13, item 5): opted-out students are left out of every disclosure
(and one who opted out and back in is not), each disclosure is recorded per student, a later opt-out
is not retroactive, the file holds only the requested items and no formula, the portal shows a
child's disclosures and never another child's, and bad input gets field errors, never a 500."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from vetted.audit.models import AuditEvent
from vetted.rights import identity
from vetted.rights.directory import selectors
from vetted.rights.models import DirectoryDisclosure, DirectoryRequest
from vetted.rights.services.portal import set_directory_opt_out
from vetted.rosters.models import Person

from .directory_world import choose, disclose, log, notice_given, school, student
from .helpers import sign_in

pytestmark = pytest.mark.django_db
KEMI, RUTH = "kemi.okafor@family.example", "ruth.rourke@family.example"


@pytest.fixture
def admin(roster: Any, client_as: Any) -> Any:
    return client_as(roster.user("admin"))


def _disclosed_to(request: DirectoryRequest) -> set[str]:
    return set(
        DirectoryDisclosure.objects.filter(request=request).values_list("student__sourced_id", flat=True)
    )


def _csv(response: Any) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_opted_out_students_are_left_out_and_back_in_is_included(roster: Any) -> None:
    notice_given(roster)
    choose(roster, "s-1", True)  # Anya: opted out
    choose(roster, "s-2", True)  # Ben: opted out, then back in
    choose(roster, "s-2", False)
    request = disclose(roster, log(roster))
    assert request.status == "disclosed"
    assert _disclosed_to(request) == {"s-2", "s-3"}
    assert (request.disclosed_count, request.excluded_count) == (2, 1)
    for row in DirectoryDisclosure.objects.filter(request=request):
        assert row.items == ["name", "grade_level"]
        assert row.recipient == "Birchfield Youth Soccer League (Rowan Pike)"
        assert row.district_id == roster.district.pk and row.disclosed_at == request.decided_at
    event = AuditEvent.objects.get(event_type="directory.request_decided")
    assert event.details["disclosed"] == 2 and event.details["excluded"] == 1
    assert "Anya" not in str(event.details) and "Anya" not in event.subject_label


def test_a_later_opt_out_is_not_retroactive_but_the_next_disclosure_leaves_them_out(roster: Any) -> None:
    notice_given(roster)
    first = disclose(roster, log(roster))
    assert _disclosed_to(first) == {"s-1", "s-2", "s-3"}
    member = identity.FamilyMember(student(roster, "g-2"), roster.district)  # Kemi, Ben's guardian
    set_directory_opt_out(member, student(roster, "s-2"), opted_out=True)
    assert _disclosed_to(first) == {"s-1", "s-2", "s-3"}  # what happened stays recorded
    second = disclose(roster, log(roster, purpose="A second season."))
    assert _disclosed_to(second) == {"s-1", "s-3"}
    assert second.excluded_count == 1


def test_the_scope_is_worked_out_from_the_roster(roster: Any) -> None:
    notice_given(roster)
    middle = log(roster, whole_district=False, schools=[school(roster, "org-m")])
    assert set(selectors.students_in_scope(middle).values_list("sourced_id", flat=True)) == {"s-3"}
    fourth = log(roster, whole_district=False, grades=[4])
    assert set(selectors.students_in_scope(fourth).values_list("sourced_id", flat=True)) == {"s-1", "s-2"}
    both = log(
        roster, whole_district=False, schools=[school(roster, "org-e")], students=[student(roster, "s-1")]
    )
    assert set(selectors.students_in_scope(both).values_list("sourced_id", flat=True)) == {"s-1"}
    Person.objects.filter(district=roster.district, sourced_id="s-3").update(enabled=False)
    assert _disclosed_to(disclose(roster, middle)) == set()


def test_disclosing_needs_a_school_purpose_and_the_public_notice(roster: Any) -> None:
    request = log(roster)
    admin = roster.user("admin")
    from vetted.rights.directory.services import decide_request

    with pytest.raises(ValidationError) as no_notice:
        decide_request(request, actor=admin, serves_school_purpose=True, school_purpose_reason="League.",
                       decision="disclose")  # fmt: skip
    assert "34 CFR 99.37(a)" in str(no_notice.value)
    notice_given(roster)
    with pytest.raises(ValidationError, match="school purpose"):
        decide_request(request, actor=admin, serves_school_purpose=False, school_purpose_reason="A sale.",
                       decision="disclose")  # fmt: skip
    with pytest.raises(ValidationError, match="refused"):
        decide_request(request, actor=admin, serves_school_purpose=False, school_purpose_reason="A sale.",
                       decision="refuse")  # fmt: skip
    assert not DirectoryDisclosure.objects.exists()
    refused = decide_request(request, actor=admin, serves_school_purpose=False, school_purpose_reason="A sale.",
                             decision="refuse", refusal_reason="Marketing is not a school purpose.")  # fmt: skip
    assert (refused.status, refused.refusal_reason, refused.decided_by) == (
        "refused", "Marketing is not a school purpose.", admin,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="already decided"):
        disclose(roster, refused)
    assert not DirectoryDisclosure.objects.exists()


def test_the_file_holds_the_requested_items_for_the_students_disclosed_and_no_formula(
    roster: Any, admin: Any
) -> None:
    notice_given(roster)
    choose(roster, "s-1", True)
    Person.objects.filter(district=roster.district, sourced_id="s-3").update(
        given_name='=HYPERLINK("http://evil.example","x")'
    )
    request = disclose(roster, log(roster, items=["school", "name", "address"]))
    client = admin
    response = client.get(f"/manage/{roster.district.slug}/directory/requests/{request.pk}/disclosure.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = _csv(response)
    assert rows[0] == ["Name", "Address", "School attended"]  # the law's order, only what was asked
    body = rows[1:]
    assert ["Ben Okafor Jr.", "", "Alder Street Elementary"] in body
    assert ['\'=HYPERLINK("http://evil.example","x") Varga', "", "Birchfield Middle School"] in body
    assert len(body) == 2 and "Anya" not in str(rows) and "Rourke" not in str(rows)
    read = AuditEvent.objects.get(event_type="directory.disclosure_file_read")
    assert read.details == {"students": 2, "items": ["name", "address", "school"]}
    undecided = log(roster)
    assert client.get(f"/manage/{roster.district.slug}/directory/requests/{undecided.pk}/disclosure.csv"
                      ).status_code == 404  # fmt: skip


def test_the_portal_shows_a_childs_disclosures_and_never_another_childs(roster: Any) -> None:
    notice_given(roster)
    disclose(
        roster, log(roster, whole_district=False, students=[student(roster, "s-2")], items=["name", "photo"])
    )  # fmt: skip  (Ben only)
    slug, ben, anya = roster.district.slug, student(roster, "s-2"), student(roster, "s-1")
    kemi = Client()
    sign_in(kemi, slug, KEMI)
    page = kemi.get(f"/d/{slug}/family/children/{ben.pk}/").content.decode()
    assert "Who received Ben&#x27;s directory information" in page
    assert "Birchfield Youth Soccer League (Rowan Pike)" in page
    assert "Name and Photograph" in page
    assert "America/New_York" in page and " EST" in page  # the zone named, with the time
    spanish = kemi.get(f"/d/{slug}/family/children/{ben.pk}/?lang=es").content.decode()
    assert "Quién recibió la información de directorio de Ben" in spanish
    assert "Nombre y Fotografía" in spanish and "de diciembre de 2026" in spanish
    ruth = Client()
    sign_in(ruth, slug, RUTH)
    other = ruth.get(f"/d/{slug}/family/children/{anya.pk}/?lang=en").content.decode()
    assert "Soccer" not in other and "The school has no record of sharing Anya" in other
    assert ruth.get(f"/d/{slug}/family/children/{ben.pk}/").status_code == 404


def test_bad_input_gets_field_errors_and_writes_nothing(roster: Any, admin: Any) -> None:
    slug, client = roster.district.slug, admin
    base = f"/manage/{slug}/directory/requests"
    events = AuditEvent.objects.count()
    cases: list[dict[str, Any]] = [
        {},
        {"requester_name": "R", "requester_contact": "r@x.example", "purpose": "P", "items": ["name"],
         "received_on": "2026-13-45", "whole_district": "on"},
        {"requester_name": "R", "requester_contact": "r@x.example", "purpose": "P", "items": ["birth"],
         "received_on": "2026-12-01", "whole_district": "on"},  # not designated by default
        {"requester_name": "R", "requester_contact": "r@x.example", "purpose": "P", "items": ["name"],
         "received_on": "2026-12-01"},  # no students
        {"requester_name": "R", "requester_contact": "r@x.example", "purpose": "P", "items": ["name"],
         "received_on": "2026-12-01", "whole_district": "on", "grades": ["4"]},  # both
        {"requester_name": "R", "requester_contact": "r@x.example", "purpose": "P", "items": ["name"],
         "received_on": "2026-12-01", "student_ids": "s-1\nnobody-9\nt-1"},  # unknown, and a teacher
        {"requester_name": "R" * 300, "requester_contact": "r@x.example", "purpose": "P", "items": ["name"],
         "received_on": "2026-12-01", "grades": ["99", "x"], "schools": ["999999999999999999999"]},
    ]  # fmt: skip
    for data in cases:
        response = client.post(f"{base}/new/", data)
        assert response.status_code == 400, data
        assert b"error-summary" in response.content
    assert b"Not a student in the roster: nobody-9, t-1" in client.post(f"{base}/new/", cases[5]).content
    assert not DirectoryRequest.objects.exists() and AuditEvent.objects.count() == events
    request = log(roster)
    decide_cases: list[dict[str, str]] = [{}, {"serves_school_purpose": "maybe", "decision": "sell"},
                 {"serves_school_purpose": "yes", "school_purpose_reason": "x", "decision": "disclose"},
                 {"serves_school_purpose": "no", "school_purpose_reason": "x", "decision": "refuse"}]  # fmt: skip
    for one in decide_cases:
        response = client.post(f"{base}/{request.pk}/decide/", one)
        assert response.status_code == 400 and b"error-summary" in response.content, one
    request.refresh_from_db()
    assert request.status == "received" and not DirectoryDisclosure.objects.exists()
    assert client.get(f"{base}/?received_from=2026-12-05&received_to=2026-12-01").status_code == 400
    assert client.get(f"{base}/?received_from=yesterday&status=nonsense").status_code == 400
    settings_url = f"/manage/{slug}/directory/settings/"
    settings_cases: list[dict[str, Any]] = [
        {},
        {"items": ["nonsense"]},
        {"items": ["name"], "notice_given_on": "x"},
    ]
    for one_setting in settings_cases:
        assert client.post(settings_url, one_setting).status_code == 400
    assert client.get(f"{base}/99999999999999999999999/").status_code == 404


def test_the_staff_journey_through_the_pages(roster: Any, admin: Any) -> None:
    slug, client = roster.district.slug, admin
    choose(roster, "s-1", True)
    assert client.post(f"/manage/{slug}/directory/settings/", {
        "items": ["name", "grade_level", "photo"], "notice_given_on": "2026-08-20", "notice_where": "Handbook",
    }).status_code == 302  # fmt: skip
    response = client.post(f"/manage/{slug}/directory/requests/new/", {
        "requester_name": "Rowan Pike", "requester_contact": "rowan.pike@soccer.example",
        "purpose": "Team rosters.", "items": ["name", "grade_level"], "grades": ["4"], "received_on": "2026-12-01",
    })  # fmt: skip
    assert response.status_code == 302, response.content[:2000]
    request = DirectoryRequest.objects.get()
    assert (request.grades, request.items, request.created_by) == (
        [4],
        ["name", "grade_level"],
        roster.user("admin"),
    )
    decided = client.post(f"/manage/{slug}/directory/requests/{request.pk}/decide/", {
        "serves_school_purpose": "yes", "school_purpose_reason": "A school league.", "decision": "disclose",
    }, follow=True)  # fmt: skip
    page = decided.content.decode()
    assert "Disclosed for 1 student; 1 left out" in page and "Ben Okafor" in page and "Anya" not in page
    listing = client.get(f"/manage/{slug}/directory/requests/?status=disclosed&q=rowan").content.decode()
    assert "Rowan Pike" in listing and "1 student, 1 opted out" in listing
    assert (
        "Rowan Pike" not in client.get(f"/manage/{slug}/directory/requests/?status=refused").content.decode()
    )
    assert [e.event_type for e in AuditEvent.objects.filter(event_type__startswith="directory.").order_by("seq")] == [
        "directory.settings_changed", "directory.request_logged", "directory.request_decided",
        "directory.request_viewed",
    ]  # fmt: skip


def test_the_time_is_the_districts_day(roster: Any) -> None:
    from vetted.notices import wording
    from vetted.rights.directory.portal import when

    late = dt.datetime(2026, 12, 2, 3, 30, tzinfo=dt.UTC)  # 10:30 PM on December 1 in New York
    assert when(late, roster.district, wording.language("en")) == "December 1, 2026, 10:30 PM EST"
    assert when(late, roster.district, wording.language("es")) == "1 de diciembre de 2026, 22:30 EST"


def test_an_eligible_student_sees_their_own_disclosures_and_the_parent_does_not(roster: Any) -> None:
    notice_given(roster)
    anya = student(roster, "s-1")
    Person.objects.filter(pk=anya.pk).update(birth_date=dt.date(2000, 1, 5))
    disclose(roster, log(roster, whole_district=False, students=[anya], items=["name"]))
    slug = roster.district.slug
    own = Client()
    sign_in(own, slug, "anya.r@students.birchfield.example")
    page = own.get(f"/d/{slug}/family/children/{anya.pk}/?lang=en").content.decode()
    assert "Birchfield Youth Soccer League (Rowan Pike)" in page
    parent = Client()
    sign_in(parent, slug, RUTH)
    refused = parent.get(f"/d/{slug}/family/children/{anya.pk}/?lang=en")
    assert refused.status_code == 403 and b"Soccer" not in refused.content


def test_readers_see_counts_never_names_or_the_file(roster: Any, client_as: Any) -> None:
    notice_given(roster)
    choose(roster, "s-3", True)
    request = disclose(roster, log(roster))
    auditor = client_as(roster.user("auditor"))
    page = auditor.get(f"/manage/{roster.district.slug}/directory/requests/{request.pk}/").content.decode()
    assert "2 students" in page and "1 student: opted out by the family" in page
    assert "Ben Okafor" not in page and "disclosure.csv" not in page and "Record the decision" not in page
