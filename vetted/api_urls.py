"""/api/v1/: every app's endpoints. District-owned data lives under districts/<slug>/."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from vetted.agreements.api.contract_review import ContractReviewDetailView, ContractReviewView
from vetted.audit.api import AuditEventList
from vetted.catalog.api import views as catalog_api
from vetted.resource_requests.api import views as requests_api
from vetted.resource_requests.api.attachments import RequestDocumentsView
from vetted.site.api import registry as registry_api

district_router = SimpleRouter()
district_router.register("vendors", catalog_api.VendorViewSet, basename="vendor")
district_router.register("resources", catalog_api.ResourceViewSet, basename="resource")
district_router.register("decisions", catalog_api.DecisionViewSet, basename="decision")
district_router.register("catalogue-changes", catalog_api.CatalogChangeViewSet, basename="catalog-change")
district_router.register("resource-requests", requests_api.RequestViewSet, basename="resource-request")

urlpatterns = [
    path("data-elements/", catalog_api.DataElementList.as_view(), name="api-data-elements"),
    path("subjects/", catalog_api.SubjectList.as_view(), name="api-subjects"),
    path(
        "districts/<slug:district_slug>/registry/", registry_api.RegistryList.as_view(), name="api-registry"
    ),
    path(
        "districts/<slug:district_slug>/registry/<int:resource_id>/",
        registry_api.RegistryDetail.as_view(),
        name="api-registry-detail",
    ),
    path("districts/<slug:district_slug>/audit-events/", AuditEventList.as_view(), name="api-audit-events"),
    path(
        "districts/<slug:district_slug>/contract-reviews/",
        ContractReviewView.as_view(),
        name="api-contract-review",
    ),
    path(
        "districts/<slug:district_slug>/contract-reviews/<int:pk>/",
        ContractReviewDetailView.as_view(),
        name="api-contract-review-detail",
    ),
    path(
        "districts/<slug:district_slug>/resource-requests/<int:pk>/documents/",
        RequestDocumentsView.as_view(),
        name="api-request-documents",
    ),
    path("districts/<slug:district_slug>/", include(district_router.urls)),
    path("districts/<slug:district_slug>/", include("vetted.agreements.api.urls")),
    path("districts/<slug:district_slug>/", include("vetted.clocks.api.urls")),
]
