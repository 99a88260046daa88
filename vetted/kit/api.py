"""API plumbing shared by every app: pagination and one error format (400 with field errors)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, pagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .throttling import throttled_if_flooding


class Pagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_number(self, request: Any, paginator: Any) -> Any:
        # A page number that is not a number is treated as page 1 instead of a 404.
        number = super().get_page_number(request, paginator)
        return number if str(number).isdigit() or number == "last" else 1


def django_errors_to_dict(exc: DjangoValidationError) -> dict[str, Any]:
    if hasattr(exc, "error_dict"):
        return {
            field: [str(m) for m in errs[0].messages]
            if len(errs) == 1
            else [m for e in errs for m in e.messages]
            for field, errs in exc.error_dict.items()
        }
    return {"non_field_errors": list(exc.messages)}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(django_errors_to_dict(exc))
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if (
        isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed)
        and "request" in context
    ):
        exc = throttled_if_flooding(context["request"], context.get("view")) or exc
    return drf_exception_handler(exc, context)
