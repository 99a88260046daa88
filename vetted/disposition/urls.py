"""Staff URLs under /manage/<district_slug>/disposition/."""

from django.urls import path

from .views import staff

urlpatterns = [
    path("", staff.disposition_list, name="staff-disposition-list"),
    path("<int:ob_id>/", staff.disposition_detail, name="staff-disposition"),
    path("<int:ob_id>/link/", staff.send_link, name="staff-disposition-send-link"),
    path("<int:ob_id>/links/<str:link_id>/revoke/", staff.revoke_link, name="staff-disposition-revoke-link"),
    path("<int:ob_id>/paper/", staff.record_paper, name="staff-disposition-paper"),
    path("<int:ob_id>/accept/", staff.accept, name="staff-disposition-accept"),
]
