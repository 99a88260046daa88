"""Staff URLs under /manage/<district_slug>/ (agreements/ and obligations/)."""

from django.urls import path

from .views import checklist_offers, obligations, staff

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
]

obligation_urlpatterns = [
    path("", obligations.obligation_list, name="staff-obligations"),
    path("<int:obligation_id>/close/", obligations.obligation_close, name="staff-obligation-close"),
    path("closures/", obligations.closure_add, name="staff-closure-add"),
    path("closures/<int:closure_id>/remove/", obligations.closure_remove, name="staff-closure-remove"),
    path("calendar-link/", obligations.feed_regenerate, name="staff-feed-regenerate"),
]
