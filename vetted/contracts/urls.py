"""Staff URLs under /manage/<district_slug>/agreements/ for the review of agreement documents."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "<int:agreement_id>/documents/<int:document_id>/review/",
        views.review_page,
        name="staff-document-review",
    ),
    path(
        "<int:agreement_id>/documents/<int:document_id>/review/rerun/",
        views.review_rerun,
        name="staff-document-review-rerun",
    ),
    path(
        "<int:agreement_id>/checklist/<int:check_id>/accept/", views.check_accept, name="staff-check-accept"
    ),
    path(
        "<int:agreement_id>/checklist/<int:check_id>/override/",
        views.check_override,
        name="staff-check-override",
    ),
    path("<int:agreement_id>/amendment-request/", views.amendment_request, name="staff-amendment-request"),
]
