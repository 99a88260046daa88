"""Mounted at /manage/<district_slug>/incidents/."""

from django.urls import URLPattern, path

from .views import staff

urlpatterns: list[URLPattern] = [
    path("", staff.incident_list, name="staff-incidents"),
    path("new/", staff.incident_new, name="staff-incident-new"),
    path("vendor-links/", staff.vendor_link_create, name="staff-incident-vendor-link"),
    path(
        "vendor-links/<str:link_id>/revoke/",
        staff.vendor_link_revoke,
        name="staff-incident-vendor-link-revoke",
    ),
    path("<int:incident_id>/", staff.incident_detail, name="staff-incident"),
    path("<int:incident_id>/edit/", staff.incident_edit, name="staff-incident-edit"),
    path("<int:incident_id>/students/", staff.incident_students, name="staff-incident-students"),
    path("<int:incident_id>/files/", staff.incident_attach, name="staff-incident-attach"),
    path("<int:incident_id>/files/<int:file_id>/", staff.incident_file, name="staff-incident-file"),
    path("<int:incident_id>/notify/", staff.incident_notify, name="staff-incident-notify"),
    path("<int:incident_id>/post/", staff.incident_post, name="staff-incident-post"),
    path("<int:incident_id>/state-report/", staff.incident_state_report, name="staff-incident-state-report"),
    path(
        "<int:incident_id>/deadlines/<int:obligation_id>/no-notice/",
        staff.incident_no_notice,
        name="staff-incident-no-notice",
    ),
    path("<int:incident_id>/close/", staff.incident_close, name="staff-incident-close"),
    path("<int:incident_id>/report.pdf", staff.incident_report, name="staff-incident-report"),
]
