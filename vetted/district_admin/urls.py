from django.urls import path

from . import views

urlpatterns = [
    path("", views.people, name="people"),
    path("<int:membership_id>/role/", views.change_role, name="people-role"),
    path("<int:membership_id>/remove/", views.remove, name="people-remove"),
]

# Mounted at /manage/<district_slug>/settings/.
settings_urlpatterns = [
    path("", views.district_settings, name="district-settings"),
]
