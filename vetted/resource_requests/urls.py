"""Staff pages under /manage/<district>/resource-requests/."""

from django.urls import path

from .views import actions, attachments, lists, pages

urlpatterns = [
    path("", pages.my_requests, name="requests-mine"),
    path("new/", pages.request_form, name="request-new"),
    path("known/", pages.known, name="request-known"),
    path("queue/", lists.queue, name="request-queue"),
    path("all/", lists.all_requests, name="requests-all"),
    path("all.csv", lists.all_requests_csv, name="requests-all-csv"),
    path("settings/", lists.policy, name="request-policy"),
    path("<int:pk>/", pages.detail, name="request-detail"),
    path("<int:pk>/edit/", pages.request_form, name="request-edit"),
    path("<int:pk>/submit/", actions.submit, name="request-submit"),
    path("<int:pk>/assign/", actions.assign, name="request-assign"),
    path("<int:pk>/comment/", actions.comment, name="request-comment"),
    path("<int:pk>/request-info/", actions.request_info, name="request-request-info"),
    path("<int:pk>/respond/", actions.respond, name="request-respond"),
    path("<int:pk>/approve-terms/", actions.approve_terms, name="request-approve-terms"),
    path("<int:pk>/refuse-terms/", actions.refuse_terms, name="request-refuse-terms"),
    path("<int:pk>/vote/", actions.vote, name="request-vote"),
    path("<int:pk>/withdraw/", actions.withdraw, name="request-withdraw"),
    path("<int:pk>/documents/", attachments.upload, name="request-attach"),
    path("<int:pk>/documents/<int:attachment_id>/", attachments.download, name="request-attachment"),
    path(
        "<int:pk>/documents/<int:attachment_id>/flags/<slug:provision_id>/answer/",
        attachments.answer_flag,
        name="request-flag-answer",
    ),
]
