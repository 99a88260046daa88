"""Staff pages for notices (/manage/<d>/notices/)."""

from django.urls import URLPattern, path

from .views import paper

urlpatterns: list[URLPattern] = [
    # Consent work (issue 11, item 4): staff record a letter's reply slip. Lead: merge beside the
    # staff notice pages' routes.
    path("<str:notice_id>/paper-answer/", paper.paper_answer, name="notice-paper-answer"),
]
