from typing import Any

from django.http import HttpRequest

from .access import user_districts


def memberships(request: HttpRequest) -> dict[str, Any]:
    return {"my_districts": user_districts(request.user) if hasattr(request, "user") else []}
