from django.urls import path

from .views import registry as public_views

urlpatterns = [
    path("resources/", public_views.registry, name="registry"),
    path("resources.csv", public_views.registry_csv, name="registry-csv"),
    path("resources/<int:resource_id>/", public_views.registry_detail, name="registry-detail"),
]
