"""Consent reads and links: the current answer per student (the newest row), a withdrawal link of its
own (a separate salt, a year long, usable once), and the client's address as the deployment's
proxies report it.

The current state of (district, resource, student) is its newest Consent row: rows are only ever
added, so the highest id is the newest. No row: not answered.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from django.conf import settings
from django.core import signing
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest
from django.urls import reverse

from vetted.catalog.models import DecisionStatus, Resource, ResourceDecision
from vetted.districts.models import District
from vetted.rosters.models import Person, SchoolClass
from vetted.rosters.selectors import students_using

from .models import Consent, ConsentReceipt, Decision

WITHDRAW_SALT = "vetted.notices.withdraw"


def current(district: District, resource: Resource, student_ids: Iterable[int]) -> dict[int, Consent]:
    """student id -> the newest Consent row, for these students, in one query (a correlated
    subquery picks the newest id per student). Students without a row are absent: not answered."""
    newest = (
        Consent.objects.filter(district=district, resource=resource, student=OuterRef("student"))
        .order_by("-id")
        .values("id")[:1]
    )
    rows = Consent.objects.filter(
        district=district, resource=resource, student_id__in=list(student_ids), id=Subquery(newest)
    )
    return {row.student_id: row for row in rows}


def has_permission(resource: Resource, student: Person) -> bool:
    """Whether the student's family's current answer for the resource is yes."""
    newest = (
        Consent.objects.filter(district_id=student.district_id, resource=resource, student=student)
        .order_by("-id")
        .values_list("decision", flat=True)
        .first()
    )
    return newest == Decision.CONSENT


# --- the withdrawal link ------------------------------------------------------------------------


class WithdrawState(Enum):
    OK = "ok"
    USED = "used"
    EXPIRED = "expired"
    INVALID = "invalid"


def withdraw_max_age() -> dt.timedelta:
    return dt.timedelta(days=getattr(settings, "VETTED_CONSENT_WITHDRAW_DAYS", 365))


def new_nonce() -> str:
    return secrets.token_hex(16)


def make_withdraw_token(receipt_id: int, nonce: str) -> str:
    return signing.TimestampSigner(salt=WITHDRAW_SALT).sign(f"{receipt_id}.{nonce}")


def withdraw_url(district_slug: str, receipt_id: int, nonce: str) -> str:
    token = make_withdraw_token(receipt_id, nonce)
    path = reverse("notice-withdraw", kwargs={"district_slug": district_slug, "token": token})
    return settings.SITE_URL.rstrip("/") + path


def read_withdraw_token(district_slug: str, token: str) -> tuple[WithdrawState, ConsentReceipt | None]:
    """The receipt a withdrawal token names in this district, and whether it may still be used.
    An answer link's token is refused here (another salt), and this token there."""
    try:
        value = signing.TimestampSigner(salt=WITHDRAW_SALT).unsign(token, max_age=withdraw_max_age())
    except signing.SignatureExpired:
        return WithdrawState.EXPIRED, None
    except signing.BadSignature:
        return WithdrawState.INVALID, None
    rid, _, nonce = value.partition(".")
    if not rid.isdigit() or len(rid) > 18:
        return WithdrawState.INVALID, None
    receipt = (
        ConsentReceipt.objects.select_related("district", "recipient__notice__resource")
        .filter(pk=int(rid), district__slug=district_slug)
        .first()
    )
    if receipt is None or not secrets.compare_digest(receipt.nonce, nonce):
        return WithdrawState.INVALID, None
    if receipt.withdrawn_at is not None:
        return WithdrawState.USED, receipt
    return WithdrawState.OK, receipt


# --- who is asking --------------------------------------------------------------------------------


def client_address(request: HttpRequest) -> str | None:
    """The client's address: allauth's reading (X-Forwarded-For only as far as
    ALLAUTH_TRUSTED_PROXY_COUNT trusts it, else the connection's), never a made-up value."""
    from allauth.account.adapter import get_adapter  # noqa: PLC0415 — allauth's adapter needs apps ready

    raw: Any
    try:
        raw = get_adapter(request).get_client_ip(request)
    except Exception:  # a header that does not match the proxy count: the connection's address
        raw = request.META.get("REMOTE_ADDR")
    try:
        return str(ipaddress.ip_address(str(raw).strip()))
    except ValueError:
        return None


def user_agent(request: HttpRequest) -> str:
    return " ".join(str(request.META.get("HTTP_USER_AGENT", "")).split())[:200]


# --- a teacher's class ------------------------------------------------------------------------------


@dataclass
class ResourceRow:
    """One resource that needs permission and reaches the class, with each student's current row."""

    resource: Resource
    students: list[tuple[Person, Consent | None]]

    def count(self, decision: str) -> int:
        return sum(1 for _, row in self.students if row is not None and row.decision == decision)

    @property
    def given(self) -> int:
        return self.count(Decision.CONSENT)

    @property
    def declined(self) -> int:
        return self.count(Decision.DECLINE)

    @property
    def withdrawn(self) -> int:
        return self.count(Decision.WITHDRAWN)

    @property
    def unanswered(self) -> int:
        return sum(1 for _, row in self.students if row is None)


def class_permissions(district: District, school_class: SchoolClass) -> list[ResourceRow]:
    """For each resource approved here with parental permission whose use reaches students of the
    class: the class's students who use it, each with their current answer (None: not answered)."""
    in_class = Person.objects.filter(
        district=district, role="student", enabled=True,
        enrollments__school_class=school_class, enrollments__role="student",
    ).values("pk")  # fmt: skip
    decisions = (
        ResourceDecision.objects.filter(
            district=district, status=DecisionStatus.APPROVED_WITH_CONSENT, staff_only=False
        )
        .select_related("resource")
        .order_by("resource__name", "pk")
    )
    rows = []
    for decision in decisions:
        students = list(
            students_using(district, decision.resource)
            .filter(pk__in=in_class)
            .order_by("family_name", "given_name", "pk")
        )
        if not students:
            continue
        now = current(district, decision.resource, [s.pk for s in students])
        rows.append(ResourceRow(decision.resource, [(s, now.get(s.pk)) for s in students]))
    return rows
