"""The API schema's class: drf-spectacular's, plus the error answers its introspection cannot see;
and a post-processing hook that tells clients how long to wait after a 429 (Retry-After).

A module of its own because drf-spectacular's AutoSchema imports DRF's generic views, which read the
pagination class from kit.api at import time.
"""

from __future__ import annotations

import re
from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import Direction

_DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string", "description": "What went wrong, in plain words."}},
    "required": ["detail"],
}
_FIELD_ERRORS = {
    "type": "object",
    "description": (
        "`detail` for a request refused as a whole (unreadable JSON, a character that cannot be "
        "stored); otherwise one entry per field that was refused, each a list of messages "
        "(nested objects for nested fields), and `non_field_errors` for the request as a whole."
    ),
    "properties": {
        "detail": {"type": "string"},
        "non_field_errors": {"type": "array", "items": {"type": "string"}},
    },
    "additionalProperties": {"oneOf": [{"type": "array"}, {"type": "object"}, {"type": "string"}]},
}
_ERRORS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "400": ("ValidationErrorBody", "The request was refused: see the fields named.", _FIELD_ERRORS),
    "401": ("ErrorDetail", "Not signed in (no valid token or session).", _DETAIL),
    "403": ("ErrorDetail", "Signed in, but this role may not do this.", _DETAIL),
    "404": ("ErrorDetail", "No such district or item, or it belongs to another district.", _DETAIL),
    "413": ("ErrorDetail", "The request body is larger than the upload limit.", _DETAIL),
    "415": ("ErrorDetail", "The body's Content-Type is not one this operation reads.", _DETAIL),
    "429": ("ErrorDetail", "Too many requests: wait and try again.", _DETAIL),
}


class Schema(AutoSchema):
    """Any request may carry a NUL byte (400, from kit.middleware); signed-in-only operations answer
    401 and 403; anything under a path parameter (the district, an id) or paginated answers 404;
    anything with a body may be too large (413) or of a type it does not read (415); throttled
    views answer 429. An operation that declares its own body for one of these codes keeps it; one
    that declares only a description ("Field errors") gets the shared body with its description.
    """

    def _get_response_bodies(self, direction: Direction = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        codes = ["400"]
        if {} not in self.get_auth():
            codes += ["401", "403"]
        paginated = self._get_paginator() is not None  # type: ignore[no-untyped-call]
        if re.search(r"\{[^}]+\}", self.path) or paginated:
            codes.append("404")
        if self.method in ("POST", "PUT", "PATCH"):
            codes += ["413", "415"]
        if self.view.get_throttles():
            codes.append("429")
        for code in codes:
            if responses.get(code, {}).get("content"):
                continue  # the operation declared its own body for this code
            name, description, schema = _ERRORS[code]
            description = responses.get(code, {}).get("description") or description
            component = ResolvedComponent(  # type: ignore[no-untyped-call]
                name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema
            )
            self.registry.register_on_missing(component)
            responses[code] = {
                "content": {"application/json": {"schema": component.ref}},
                "description": description,
            }
        return responses


HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
RETRY_AFTER = {
    "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds until a call is answered again."}
}


def document_throttling(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Every operation may answer 429 (the throttles apply to all of them, and a flood of failed
    sign-ins meets the anonymous one): the schema says so, with the Retry-After header."""
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            answer = operation.setdefault("responses", {}).setdefault(
                "429",
                {"description": _ERRORS["429"][1],
                 "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorDetail"}}}},
            )  # fmt: skip
            answer.setdefault("headers", RETRY_AFTER)
    result.setdefault("components", {}).setdefault("schemas", {}).setdefault("ErrorDetail", _DETAIL)
    return result
