"""OpenAPI post-processing: every operation may answer 429 (the throttles apply to all of them), so
the schema says so, with the Retry-After header, and a client or a schema checker expects it."""

from __future__ import annotations

from typing import Any

HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}

THROTTLED = {
    "description": "Too many requests from this client address (anonymous) or this person. "
    "Wait the number of seconds in Retry-After.",
    "headers": {
        "Retry-After": {
            "schema": {"type": "integer"},
            "description": "Seconds until a call is answered again.",
        }
    },
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {"detail": {"type": "string"}},
                "required": ["detail"],
            }
        }
    },
}


def document_throttling(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    result.setdefault("components", {}).setdefault("responses", {})["Throttled"] = THROTTLED
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                operation.setdefault("responses", {}).setdefault(
                    "429", {"$ref": "#/components/responses/Throttled"}
                )
    return result
