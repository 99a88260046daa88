from django.urls import path

from .views import registry as public_views
from .views import student_data

urlpatterns = [
    path("resources/", public_views.registry, name="registry"),
    path("resources.csv", public_views.registry_csv, name="registry-csv"),
    path("resources/<int:resource_id>/", public_views.registry_detail, name="registry-detail"),
    path("student-data/", student_data.student_data, name="student-data"),
]
