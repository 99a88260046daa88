"""Public pages (/d/<slug>/notices/): the postings, and a family's answer link."""

from django.urls import path

from .views import answer, public

urlpatterns = [
    path("", public.notice_list, name="public-notices"),
    path("<int:pk>/", public.notice_detail, name="public-notice"),
    path("answer/<str:token>/", answer.answer, name="notice-answer"),
]
