"""Mounted at /manage/<district_slug>/sign-in/."""

from django.urls import path

from vetted.signin import district_views

urlpatterns = [
    path("", district_views.sign_ons, name="sign-ons"),
    path("<int:sign_on_id>/", district_views.sign_on_edit, name="sign-on-edit"),
    path("waiting/<int:approval_id>/", district_views.decide, name="sign-on-decide"),
]
