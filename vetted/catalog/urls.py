from django.urls import path

from .views import reviews as review_views
from .views import staff as staff_views

urlpatterns = [
    path("", staff_views.dashboard, name="staff-dashboard"),
    path("vendors/", staff_views.vendor_list, name="staff-vendors"),
    path("vendors/new/", staff_views.vendor_edit, name="staff-vendor-new"),
    path("vendors/<int:vendor_id>/", staff_views.vendor_edit, name="staff-vendor-edit"),
    path("resources/", staff_views.resource_list, name="staff-resources"),
    path("resources/new/", staff_views.resource_edit, name="staff-resource-new"),
    path("resources/<int:resource_id>/", staff_views.resource_edit, name="staff-resource-edit"),
    path("resources/<int:resource_id>/decision/", staff_views.decision_edit, name="staff-decision"),
    path("reviews-due/", review_views.reviews_due, name="staff-reviews-due"),
    path("catalogue-changes/", staff_views.catalog_changes, name="staff-catalog-changes"),
    path(
        "catalogue-changes/<int:change_id>/answer/",
        staff_views.catalog_change_answer,
        name="staff-catalog-change-answer",
    ),
]
