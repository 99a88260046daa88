"""A teacher's classes and their students' permissions (/manage/<d>/classes/)."""

from django.urls import path

from .views import classes

urlpatterns = [
    path("", classes.class_list, name="teacher-classes"),
    path("<str:class_id>/", classes.class_detail, name="teacher-class"),
]
