"""Staff pages for notices (/manage/<d>/notices/)."""

from django.urls import URLPattern, path

from .views import letters

urlpatterns: list[URLPattern] = [
    # --- letters (issue 11, item 5): a notice's printed letters and the office's one PDF ---
    path("<int:notice_id>/letters/", letters.letters_page, name="notice-letters"),
    path("<int:notice_id>/letters/print/", letters.letters_generate, name="notice-letters-print"),
    path("<int:notice_id>/letters/download/", letters.letters_download, name="notice-letters-download"),
]
