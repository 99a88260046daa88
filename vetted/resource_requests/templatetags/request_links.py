"""`{% may user "action" district as ok %}`: templates ask `can()`; they never decide themselves."""

from __future__ import annotations

from typing import Any

from django import template

from vetted.districts.permissions import can

register = template.Library()


@register.simple_tag
def may(user: Any, action: str, district: Any) -> bool:
    return can(user, action, district)
