"""The staff pages: the form (drafts, errors, huge input), the known-resource panel, the detail page's
actions, queues, CSV and the policy page."""

from __future__ import annotations

from typing import Any

import pytest

from vetted.audit.models import AuditEvent
from vetted.catalog import services as catalog
from vetted.districts.models import Consortium
from vetted.resource_requests import services
from vetted.resource_requests.models import ResourceRequest, ReviewPolicy

from .factories import COMPLETE, snapshot, submitted

pytestmark = pytest.mark.django_db


def url(tenant: Any, tail: str = "") -> str:
    return f"/manage/{tenant.district.slug}/resource-requests/{tail}"


def form_data(**overrides: Any) -> dict[str, Any]:
    data = {
        **COMPLETE,
        "app_requires_parental_permission": "no",
        "requester_position": "Teacher",
        "action": "submit",
    }
    data.update(overrides)
    return {k: ("on" if v is True else v) for k, v in data.items() if v is not False and v is not None}


def test_form_shows_the_district_form_with_name_from_the_account(tenant: Any, client_as: Any) -> None:
    staff = tenant.user("staff")
    staff.position = "Grade 4 teacher"
    staff.save()
    page = client_as(staff).get(url(tenant, "new/")).content.decode()
    for label in ("Staff of Birchfield Public Schools", 'value="Grade 4 teacher"', "From grade", "Name of the resource",
                  "Link to the resource", "How you plan to use it", "What information, if any, will be shared",
                  "Who will have access", "sign up for an account", "download an application",
                  "require parental permission", "terms of service", "privacy policy", "Save draft"):  # fmt: skip
        assert label in page, label


def test_submitting_the_form_files_the_request(tenant: Any, client_as: Any) -> None:
    response = client_as(tenant.user("staff")).post(url(tenant, "new/"), form_data())
    req = ResourceRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == url(tenant, f"{req.pk}/")
    assert req.state == "in_review" and req.requester_position == "Teacher"


def test_save_draft_then_an_incomplete_submit_changes_nothing(tenant: Any, client_as: Any) -> None:
    client = client_as(tenant.user("staff"))
    response = client.post(url(tenant, "new/"), {"resource_name": "Half-written idea", "action": "save"})
    req = ResourceRequest.objects.get()
    assert response.status_code == 302 and req.state == "draft"
    response = client.post(url(tenant, f"{req.pk}/edit/"), {"resource_name": "Half-written idea",
                                                            "planned_use": "Typed so far", "action": "submit"})  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 400
    assert "Describe how you plan to use it" not in page and "Say who will have access to it." in page
    assert "Not sent yet, and nothing was saved" in page and "Typed so far" in page  # kept in the form
    req.refresh_from_db()
    assert req.state == "draft" and req.planned_use == ""  # no quiet save (issue 9, item 7)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"resource_name": ""}, "Give the name of the resource"),
        ({"resource_url": "not a link"}, "Enter a full web address"),
        ({"terms_url": "javascript:alert(1)"}, "Enter a full web address"),
        ({"planned_use": "x" * 6000}, "Keep this under 5000 characters (it has 6000)"),
        ({"grade_min": 8, "grade_max": 3}, "must not be below"),
        ({"app_requires_parental_permission": "perhaps"}, "Select a valid choice"),
    ],
)
def test_bad_input_is_a_clear_form_error(
    tenant: Any, client_as: Any, overrides: dict[str, Any], message: str
) -> None:
    response = client_as(tenant.user("staff")).post(url(tenant, "new/"), form_data(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Lanternfish Education LLC" in response.content.decode()  # what was typed is still there
    assert not ResourceRequest.objects.exists()


def test_a_ten_megabyte_form_post_is_refused_without_a_server_error(tenant: Any, client_as: Any) -> None:
    # Django's 2 MB form cap answers before the view; the site's handler says what happened.
    response = client_as(tenant.user("staff")).post(
        url(tenant, "new/"), form_data(description="x" * 10_000_000)
    )
    assert response.status_code == 413
    assert "Too much text" in response.content.decode()
    assert not ResourceRequest.objects.exists()


def test_textareas_state_their_limit_and_do_not_cut_a_paste(tenant: Any, client_as: Any) -> None:
    # No browser maxlength (it cuts a long paste without a word): the limit is stated and counted.
    page = client_as(tenant.user("staff")).get(url(tenant, "new/")).content.decode()
    assert "maxlength" not in page
    assert page.count('data-limit="5000"') == 4 and page.count("Up to 5,000 characters.") == 4


def test_known_panel_shows_status_here_and_in_the_consortium(
    tenant: Any, other_tenant: Any, catalog_item: Any, client_as: Any
) -> None:
    consortium = Consortium.objects.create(name="Shore Coop", slug="shore")
    tenant.district.consortia.add(consortium)
    other_tenant.district.consortia.add(consortium)
    refused = catalog.create_resource(tenant.district, actor=tenant.user("admin"),
                                      data={"name": "Quillstone Chat", "vendor": catalog_item.vendor})  # fmt: skip
    catalog.decide(
        tenant.district, refused, actor=tenant.user("admin"), status="not_approved", reason="Open chat."
    )
    catalog.decide(other_tenant.district, refused, actor=other_tenant.user("admin"), status="approved")
    client = client_as(tenant.user("staff"))
    response = client.get(url(tenant, "known/"), {"resource_name": "quill", "grade_min": "4", "grade_max": "5"},
                          HTTP_HX_REQUEST="true")  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert "Quillstone Writing Studio" in page and "You can use it already" in page
    assert "Reason: Open chat." in page
    assert "Approved by Larchmont Regional Schools (same consortium)" in page
    by_link = client.get(
        url(tenant, "known/"), {"resource_url": "https://quillstone.example/studio"}
    ).content.decode()
    assert "Quillstone Writing Studio" in by_link
    assert "No matching" in client.get(url(tenant, "known/"), {"resource_name": "zzzz"}).content.decode()


def test_picking_a_known_resource_that_is_approved_answers_at_once(
    tenant: Any, catalog_item: Any, client_as: Any
) -> None:
    # The request names the picked resource (attack 3: a picked resource of another name is not
    # "already approved"; see test_attacks.py).
    data = form_data(resource=str(catalog_item.pk), grade_min=5, grade_max=5, resource_name=catalog_item.name,
                     vendor_name=catalog_item.vendor.legal_name)  # fmt: skip
    client_as(tenant.user("staff")).post(url(tenant, "new/"), data)
    req = ResourceRequest.objects.get()
    assert req.state == "decided" and req.decision_reason == "already approved for these grades"


def test_reviewer_decides_on_the_page(tenant: Any, client_as: Any) -> None:
    req = submitted(tenant)
    client = client_as(tenant.user("reviewer"))
    page = client.get(url(tenant, f"{req.pk}/")).content.decode()
    assert (
        "Record decision" in page and "Reviewer of Birchfield Public Schools (reviewer) must record" in page
    )
    before = snapshot(req)
    response = client.post(url(tenant, f"{req.pk}/vote/"), {"outcome": "not_approved", "reason": ""})
    assert response.status_code == 400 and "Give a reason" in response.content.decode()
    assert snapshot(req) == before
    response = client.post(url(tenant, f"{req.pk}/vote/"), {"outcome": "approved", "reason": "Good."})
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.state == "decided"
    before = snapshot(req)
    response = client.post(url(tenant, f"{req.pk}/vote/"), {"outcome": "not_approved", "reason": "Again"})
    assert response.status_code == 409
    assert "already decided by Reviewer of Birchfield Public Schools" in response.content.decode()
    assert snapshot(req) == before


def test_information_round_trip_on_the_pages(tenant: Any, client_as: Any) -> None:
    req = submitted(tenant)
    reviewer, staff = client_as(tenant.user("reviewer")), client_as(tenant.user("staff"))
    assert (
        reviewer.post(url(tenant, f"{req.pk}/request-info/"), {"question": "Which classes?"}).status_code
        == 302
    )
    assert "Answer the committee" in staff.get(url(tenant, f"{req.pk}/")).content.decode()
    assert staff.post(url(tenant, f"{req.pk}/respond/"), {"answer": "Only 4B."}).status_code == 302
    assert staff.post(url(tenant, f"{req.pk}/comment/"), {"body": "Thanks!"}).status_code == 302
    req.refresh_from_db()
    assert req.state == "in_review" and req.comments.count() == 3


def test_director_approves_terms_and_admin_assigns_on_the_pages(tenant: Any, client_as: Any) -> None:
    req = submitted(tenant, terms_url="https://lanternfish.example/terms")
    director = client_as(tenant.user("technology_director"))
    assert "Approve the terms" in director.get(url(tenant, f"{req.pk}/")).content.decode()
    assert req in list(__import__("vetted.resource_requests.selectors", fromlist=["x"]).review_queue(
        tenant.user("technology_director"), tenant.district))  # fmt: skip
    assert director.post(url(tenant, f"{req.pk}/approve-terms/"), {"note": "ok"}).status_code == 302
    admin = client_as(tenant.user("admin"))
    bad = admin.post(url(tenant, f"{req.pk}/assign/"), {"reviewer": str(tenant.user("staff").pk)})
    assert bad.status_code == 400 and "Select a valid choice" in bad.content.decode()
    ok = admin.post(
        url(tenant, f"{req.pk}/assign/"), {"reviewer": str(tenant.user("technology_director").pk)}
    )
    assert ok.status_code == 302 and req.assignments.count() == 2


def test_queues_lists_and_csv(tenant: Any, client_as: Any) -> None:
    first = submitted(tenant, resource_name="First tool")
    second = submitted(tenant, resource_name="=cmd|' /C calc'!A0")
    assert first.due_at is not None
    ResourceRequest.objects.filter(pk=second.pk).update(due_at=first.due_at.replace(year=2020))
    queue = client_as(tenant.user("reviewer")).get(url(tenant, "queue/")).content.decode()
    assert queue.index("calc") < queue.index("First tool")  # soonest due first
    mine = client_as(tenant.user("staff")).get(url(tenant, "")).content.decode()
    assert "First tool" in mine
    admin = client_as(tenant.user("admin"))
    overdue = admin.get(url(tenant, "all/"), {"overdue": "1"}).content.decode()
    assert "calc" in overdue and "First tool" not in overdue
    by_state = admin.get(url(tenant, "all/"), {"state": "decided", "reviewer": "abc", "page": "x"})
    assert by_state.status_code == 200 and "No request matches" in by_state.content.decode()
    response = admin.get(url(tenant, "all.csv"))
    body = b"".join(response.streaming_content).decode("utf-8-sig")  # after the byte-order mark
    assert response["Content-Type"].startswith("text/csv")
    assert "First tool" in body and "'=cmd" in body  # formula neutralised
    assert body.splitlines()[0].startswith("id,resource,vendor")


def test_admin_changes_the_review_policy(tenant: Any, client_as: Any) -> None:
    admin = client_as(tenant.user("admin"))
    assert admin.post(url(tenant, "settings/"), {"quorum": "0", "review_business_days": "10",
                                                 "reminder_business_days": "2"}).status_code == 400  # fmt: skip
    response = admin.post(url(tenant, "settings/"), {"quorum": "2", "review_business_days": "15",
                                                     "reminder_business_days": "3", "auto_assign": "on"})  # fmt: skip
    assert response.status_code == 302
    policy = ReviewPolicy.objects.get(district=tenant.district)
    assert (policy.quorum, policy.review_business_days) == (2, 15)
    assert AuditEvent.objects.filter(event_type="resource_request.policy_changed").count() == 1


def test_withdraw_on_the_page(tenant: Any, client_as: Any) -> None:
    req = submitted(tenant)
    response = client_as(tenant.user("staff")).post(
        url(tenant, f"{req.pk}/withdraw/"), {"reason": "Not needed"}
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.state == "withdrawn"
    again = client_as(tenant.user("staff")).post(url(tenant, f"{req.pk}/withdraw/"), {})
    assert again.status_code == 409


def test_editing_a_request_in_review_sends_you_back_with_a_reason(tenant: Any, client_as: Any) -> None:
    req = submitted(tenant)
    response = client_as(tenant.user("staff")).get(url(tenant, f"{req.pk}/edit/"), follow=True)
    assert response.redirect_chain[-1][0] == url(tenant, f"{req.pk}/")
    assert "cannot be edited" in response.content.decode()
    # Not while a question is open either: the requester answers it; the fields stay as submitted.
    services.request_information(req, actor=tenant.user("reviewer"), question="Grades?")
    response = client_as(tenant.user("staff")).get(url(tenant, f"{req.pk}/edit/"), follow=True)
    assert response.redirect_chain[-1][0] == url(tenant, f"{req.pk}/")
    assert "cannot be edited" in response.content.decode()
