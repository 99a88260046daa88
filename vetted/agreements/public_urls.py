"""Public URLs: /d/<district_slug>/agreements/."""

from django.urls import path

from .views import public

urlpatterns = [
    path("", public.agreement_list, name="public-agreements"),
    path("documents/<int:document_id>/", public.public_document, name="public-agreement-document"),
]
