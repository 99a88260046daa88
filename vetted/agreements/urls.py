"""Staff URLs under /manage/<district_slug>/agreements/."""

from django.urls import path

from .views import checklist_offers, review, staff

agreement_urlpatterns = [
    path("", staff.agreement_list, name="staff-agreements"),
    path("new/", staff.agreement_edit, name="staff-agreement-new"),
    path("offers/", checklist_offers.offer_list, name="staff-offers"),
    path("offers/<int:offer_id>/adopt/", checklist_offers.offer_adopt, name="staff-offer-adopt"),
    path("<int:agreement_id>/", staff.agreement_detail, name="staff-agreement"),
    path("<int:agreement_id>/edit/", staff.agreement_edit, name="staff-agreement-edit"),
    path(
        "<int:agreement_id>/transition/<slug:name>/",
        staff.agreement_transition,
        name="staff-agreement-transition",
    ),
    path("<int:agreement_id>/documents/", staff.document_upload, name="staff-agreement-upload"),
    path(
        "<int:agreement_id>/documents/<int:document_id>/",
        staff.document_download,
        name="staff-agreement-document",
    ),
    path("<int:agreement_id>/checklist/", checklist_offers.checklist_page, name="staff-agreement-checklist"),
    path("<int:agreement_id>/noncompliance/", staff.noncompliance, name="staff-agreement-noncompliance"),
    path("<int:agreement_id>/renew/", staff.renew, name="staff-agreement-renew"),
    path("<int:agreement_id>/offer/end/", staff.end_offer, name="staff-agreement-end-offer"),
    # The automatic review of a document, the checklist's accept/override, the amendment letter.
    path(
        "<int:agreement_id>/documents/<int:document_id>/review/",
        review.review_page,
        name="staff-document-review",
    ),
    path(
        "<int:agreement_id>/documents/<int:document_id>/review/rerun/",
        review.review_rerun,
        name="staff-document-review-rerun",
    ),
    path(
        "<int:agreement_id>/checklist/<int:check_id>/accept/", review.check_accept, name="staff-check-accept"
    ),
    path(
        "<int:agreement_id>/checklist/<int:check_id>/accept-gap/",
        review.check_accept_gap,
        name="staff-check-accept-gap",
    ),
    path(
        "<int:agreement_id>/checklist/<int:check_id>/override/",
        review.check_override,
        name="staff-check-override",
    ),
    path("<int:agreement_id>/amendment-request/", review.amendment_request, name="staff-amendment-request"),
    path("<int:agreement_id>/amendment-request/sent/", review.amendment_sent, name="staff-amendment-sent"),
]
