"""Routes under /api/v1/districts/<district_slug>/ (included by vetted/api_urls.py)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import documents, views

router = SimpleRouter()
router.register("agreements", views.AgreementViewSet, basename="agreement")
router.register("general-offers", views.GeneralOfferViewSet, basename="general-offer")

A = "agreements/<int:agreement_id>/"
urlpatterns = [
    *router.urls,
    path(
        A + "documents/<int:document_id>/review/",
        documents.DocumentReviewView.as_view(),
        name="api-document-review",
    ),
    path(
        A + "documents/<int:document_id>/review/rerun/",
        documents.DocumentReviewRerunView.as_view(),
        name="api-document-review-rerun",
    ),
    path(
        A + "checklist/<int:check_id>/accept/", documents.CheckAcceptView.as_view(), name="api-check-accept"
    ),
    path(
        A + "checklist/<int:check_id>/override/",
        documents.CheckOverrideView.as_view(),
        name="api-check-override",
    ),
    path(
        A + "checklist/<int:check_id>/accept-gap/",
        documents.CheckAcceptGapView.as_view(),
        name="api-check-accept-gap",
    ),
    path(A + "amendment-request/", documents.AmendmentRequestView.as_view(), name="api-amendment-request"),
    path(A + "amendment-request/sent/", documents.AmendmentSentView.as_view(), name="api-amendment-sent"),
]
