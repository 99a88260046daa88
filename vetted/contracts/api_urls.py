"""Routes under /api/v1/districts/<district_slug>/agreements/ (included by vetted/api_urls.py)."""

from django.urls import path

from . import api_documents as views

urlpatterns = [
    path(
        "<int:agreement_id>/documents/<int:document_id>/review/",
        views.DocumentReviewView.as_view(),
        name="api-document-review",
    ),
    path(
        "<int:agreement_id>/documents/<int:document_id>/review/rerun/",
        views.DocumentReviewRerunView.as_view(),
        name="api-document-review-rerun",
    ),
    path(
        "<int:agreement_id>/checklist/<int:check_id>/accept/",
        views.CheckAcceptView.as_view(),
        name="api-check-accept",
    ),
    path(
        "<int:agreement_id>/checklist/<int:check_id>/override/",
        views.CheckOverrideView.as_view(),
        name="api-check-override",
    ),
    path(
        "<int:agreement_id>/amendment-request/",
        views.AmendmentRequestView.as_view(),
        name="api-amendment-request",
    ),
]
