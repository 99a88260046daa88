"""Staff pages for notices (/manage/<d>/notices/)."""

from django.urls import URLPattern, path

from .views import letters, paper, staff, templates

urlpatterns: list[URLPattern] = [
    # --- notices, their wording, families' languages (staff pages) ---
    path("", staff.notice_list, name="staff-notices"),
    path("new/", staff.notice_new, name="staff-notice-new"),
    path("<int:notice_id>/", staff.notice_detail, name="staff-notice"),
    path("<int:notice_id>/edit/", staff.notice_edit, name="staff-notice-edit"),
    path("<int:notice_id>/preview/", staff.notice_preview, name="staff-notice-preview"),
    path("<int:notice_id>/send/", staff.notice_send, name="staff-notice-send"),
    path("templates/", templates.template_list, name="staff-notice-templates"),
    path("templates/add-language/", templates.language_add, name="staff-notice-language-add"),
    path("templates/<slug:kind>/<slug:code>/", templates.template_edit, name="staff-notice-template"),
    path(
        "templates/<slug:kind>/<slug:code>/reset/",
        templates.template_reset,
        name="staff-notice-template-reset",
    ),
    path("languages/", templates.family_languages, name="staff-notice-languages"),
    # --- a letter's reply slip, recorded by staff (consent) ---
    path("<str:notice_id>/paper-answer/", paper.paper_answer, name="notice-paper-answer"),
    # --- letters (issue 11, item 5): a notice's printed letters and the office's one PDF ---
    path("<int:notice_id>/letters/", letters.letters_page, name="notice-letters"),
    path("<int:notice_id>/letters/print/", letters.letters_generate, name="notice-letters-print"),
    path("<int:notice_id>/letters/download/", letters.letters_download, name="notice-letters-download"),
]
