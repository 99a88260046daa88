"""Mounted at /manage/<district_slug>/rights/requests/."""

from django.urls import URLPattern, path

from . import staff_views as v

urlpatterns: list[URLPattern] = [
    path("", v.queue, name="staff-rights-requests"),
    path("new/", v.new, name="staff-rights-request-new"),
    path("<int:request_id>/", v.detail, name="staff-rights-request"),
    path("<int:request_id>/identity/", v.confirm_identity, name="staff-rights-request-identity"),
    path("<int:request_id>/send/", v.send, name="staff-rights-request-send"),
    path("<int:request_id>/extend/", v.extend, name="staff-rights-request-extend"),
    path("<int:request_id>/refuse/", v.refuse, name="staff-rights-request-refuse"),
    path("<int:request_id>/close/", v.close, name="staff-rights-request-close"),
    path("<int:request_id>/tasks/<int:task_id>/file/", v.task_file, name="staff-rights-task-file"),
]
