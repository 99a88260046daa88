from django.urls import path

from . import views

urlpatterns = [
    path("", views.event_list, name="audit-list"),
    path("export.csv", views.event_csv, name="audit-csv"),
]
