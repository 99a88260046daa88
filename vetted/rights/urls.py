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

# Rights requests (vetted/rights/requests/family_views.py).
from .requests import family_views as request_views  # noqa: E402

urlpatterns += [
    path("children/<str:student_id>/requests/new/", request_views.new, name="family-request-new"),
    path("children/<str:student_id>/requests/<str:request_id>/", request_views.detail, name="family-request"),
    path(
        "children/<str:student_id>/requests/<str:request_id>/confirm/",
        request_views.confirm,
        name="family-request-confirm",
    ),
    path(
        "children/<str:student_id>/requests/<str:request_id>/files/<str:task_id>/",
        request_views.task_file,
        name="family-request-file",
    ),
]
