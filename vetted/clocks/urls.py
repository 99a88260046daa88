"""Staff URLs under /manage/<district_slug>/obligations/ and the secret feed under /ical/."""

from django.urls import path

from . import views

obligation_urlpatterns = [
    path("", views.obligation_list, name="staff-obligations"),
    path("<int:obligation_id>/close/", views.obligation_close, name="staff-obligation-close"),
    path("closures/", views.closure_add, name="staff-closure-add"),
    path("closures/<int:closure_id>/remove/", views.closure_remove, name="staff-closure-remove"),
    path("calendar-link/", views.feed_regenerate, name="staff-feed-regenerate"),
]

ical_urlpatterns = [path("<str:token>.ics", views.ical_feed, name="ical-feed")]
