"""The family portal (/d/<district>/family/): sign-in by e-mailed code, the family's page per child."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="family-home"),
    path("sign-in/", views.sign_in, name="family-sign-in"),
    path("code/", views.enter_code, name="family-code"),
    path("sign-out/", views.sign_out, name="family-sign-out"),
    path("children/<str:student_id>/", views.child, name="family-child"),
    path("children/<str:student_id>/permission/", views.permission, name="family-permission"),
    path("children/<str:student_id>/directory/", views.directory, name="family-directory"),
]
