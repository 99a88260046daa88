"""Form helpers shared by the staff pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form, field by field where it can."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        form.add_error(None, exc)


def form_action(
    request: HttpRequest,
    form_name: str,
    form: forms.BaseForm | None,
    call: Callable[[dict[str, Any]], Any],
    done: str | Callable[[Any], str],
    *,
    success: Callable[[], HttpResponse],
    rerender: Callable[[dict[str, Any] | None], HttpResponse],
) -> HttpResponse:
    """One action on a staff detail page. A valid form's (or a formless) service call shows `done`
    (or `done(result)`) and answers `success()`, a redirect. A form's errors, or the service's, re-render
    the page (400) with the form under `form_name`; a formless action's errors become messages."""
    if form is None or form.is_valid():
        try:
            result = call(form.cleaned_data if form is not None else {})
        except ValidationError as exc:
            if form is None:
                for error in exc.messages:
                    messages.error(request, error)
                return rerender(None)
            add_service_errors(form, exc)
        else:
            messages.success(request, done(result) if callable(done) else done)
            return success()
    return rerender({form_name: form})
