from django.urls import path

from . import invitation_views, views

urlpatterns = [
    path("", views.people, name="people"),
    path("<int:membership_id>/role/", views.change_role, name="people-role"),
    path("<int:membership_id>/remove/", views.remove, name="people-remove"),
    path("invitations/<int:invitation_id>/resend/", views.resend_invitation, name="people-invitation-resend"),
    path(
        "invitations/<int:invitation_id>/withdraw/",
        views.withdraw_invitation,
        name="people-invitation-withdraw",
    ),
]

# Mounted at /manage/<district_slug>/settings/.
settings_urlpatterns = [
    path("", views.district_settings, name="district-settings"),
]

# Mounted at /invitations/: the invitee's own page, reached through the e-mailed link (no sign-in).
invitation_urlpatterns = [
    path("<str:token>/", invitation_views.answer, name="invitation"),
]
