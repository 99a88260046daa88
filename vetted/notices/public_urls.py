"""Public pages (/d/<slug>/notices/): the postings, a family's answer link and its withdrawal link."""

from django.urls import path

from .views import answer, public

urlpatterns = [
    path("", public.notice_list, name="public-notices"),
    path("<int:pk>/", public.notice_detail, name="public-notice"),
    path("answer/<str:token>/", answer.answer, name="notice-answer"),
    # The receipt's link to take permission back (consent work, issue 11 item 4).
    path("withdraw/<str:token>/", answer.withdraw, name="notice-withdraw"),
]
