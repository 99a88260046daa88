"""One way in for tenancy: fetch a district through the signed-in user's memberships.

Outsiders get 404, never 403, so the existence of a district's private pages does not leak.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.http import Http404

from vetted.kit.prepared import Prepared

from .models import District
from .permissions import can, role_in
from .row_security import across_districts

# The districts one request has already read, by slug: the time-zone middleware, the HTTP cache's
# validator and the view all need the URL's district, and each lookup cost a query and the ORM's
# compiling of it (issue 15). Set for the length of a request by `districts_read_once()`; outside a
# request (a command, a test calling a service) every call reads the database.
_read: ContextVar[dict[str, District | None] | None] = ContextVar("vetted_districts_read", default=None)


@contextmanager
def districts_read_once() -> Iterator[None]:
    token = _read.set({})
    try:
        yield
    finally:
        _read.reset(token)


@cache  # built on first use: the models must be loaded
def _by_slug_statement() -> tuple[Prepared, list[str], Any, list[str]]:
    """The district's columns and its audit checkpoint's (a LEFT JOIN), as one prepared statement."""
    fields = [f.attname for f in District._meta.concrete_fields]
    checkpoint = District._meta.get_field("audit_checkpoint").related_model  # audit sits above us
    checkpoint_fields = [f.attname for f in checkpoint._meta.concrete_fields]
    columns = [*fields, *(f"audit_checkpoint__{f}" for f in checkpoint_fields)]
    statement = Prepared(
        lambda slug: District.objects.filter(slug=slug).values(*columns)[:1], "slug", text=["slug"]
    )
    return statement, fields, checkpoint, checkpoint_fields


def _read_by_slug(slug: str) -> District | None:
    statement, fields, checkpoint_model, checkpoint_fields = _by_slug_statement()
    rows = statement.values(slug=slug)
    if not rows:
        return None
    row = rows[0]
    district = District.from_db("default", fields, [row[f] for f in fields])
    values = [row[f"audit_checkpoint__{f}"] for f in checkpoint_fields]
    # No checkpoint yet (a district with no audit event): None cached, so the relation raises
    # DoesNotExist without a query, as after select_related.
    district._state.fields_cache["audit_checkpoint"] = (
        checkpoint_model.from_db("default", checkpoint_fields, values) if values[0] is not None else None
    )
    return district


def district_by_slug(slug: str) -> District | None:
    """The district with this slug, or None; read once per request (with its audit checkpoint, which
    the public pages' validator needs), by a prepared statement (the ORM's compiling cost more than
    the read)."""
    memo = _read.get()
    if memo is not None and slug in memo:
        return memo[slug]
    found = _read_by_slug(slug)
    if memo is not None:
        memo[slug] = found
    return found


def public_district(slug: str) -> District:
    district = district_by_slug(slug)
    if district is None:
        raise Http404("No district here.")
    return district


def member_district(user: Any, slug: str, action: str = "district.view") -> District:
    """The district if the user may do `action` there.

    Not a member: 404 (outsiders learn nothing). A member whose role does not allow it: 403.
    """
    district = public_district(slug)
    if role_in(user, district) is None:
        raise Http404("No such district.")
    if not can(user, action, district):
        raise PermissionDenied("Your role in this district does not allow that.")
    return district


M = TypeVar("M", bound=models.Model)


def get_for_user(user: Any, model: type[M], district: District | str, pk: Any, action: str) -> M:
    """The one per-object getter: the row `pk` of `model` in the district, if `user` may `action` it.

    Outsiders, rows of another district, malformed ids and relation rules that say no all get 404
    (nothing leaks); a member whose role does not allow the action at all gets 403, as on pages.
    """
    if isinstance(district, str):
        district = member_district(user, district, "district.view")
    elif role_in(user, district) is None:
        raise Http404("No such district.")
    try:
        obj = model._default_manager.get(district=district, pk=int(pk))
    except (ObjectDoesNotExist, TypeError, ValueError, OverflowError) as exc:
        raise Http404("Not found.") from exc
    if not can(user, action, district):
        raise PermissionDenied("Your role in this district does not allow that.")
    if not can(user, action, obj):
        raise Http404("Not found.")
    return obj


def require(user: Any, action: str, obj: Any) -> None:
    if not can(user, action, obj):
        raise Http404("Not found.")


def user_districts(user: Any) -> list[District]:
    if not getattr(user, "is_authenticated", False):
        return []
    with across_districts():  # one's own districts, whichever district's page this is
        return list(District.objects.filter(memberships__user=user).order_by("name"))
