"""What the consent tests share: a sent permission request with real recipients (through
send_notice), the families' links, and a staff member who teaches class cl-4a in the roster."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from vetted.districts.models import Membership, User
from vetted.notices import links
from vetted.notices.models import Notice, Recipient
from vetted.notices.services.send import send_notice
from vetted.rosters.models import Person, SchoolClass

TEACHER_EMAIL = "m.ellery@birchfield.example"  # t-1 in the roster fixture, teacher of cl-4a


@dataclass
class World:
    tenant: Any
    notice: Notice
    resource: Any

    @property
    def slug(self) -> str:
        return str(self.tenant.district.slug)

    def recipient(self, address: str) -> Recipient:
        """A recipient by e-mail address, or 'letter' for the printed letter."""
        if address == "letter":
            return Recipient.objects.get(notice=self.notice, channel="letter")
        return Recipient.objects.get(notice=self.notice, email=address)

    def token(self, address: str) -> str:
        r = self.recipient(address)
        return links.make_token(r.pk, r.token_nonce)

    def answer_url(self, address: str, slug: str | None = None) -> str:
        return f"/d/{slug or self.slug}/notices/answer/{self.token(address)}/"

    def student(self, sourced_id: str) -> Person:
        return Person.objects.get(district=self.tenant.district, sourced_id=sourced_id)

    def school_class(self, sourced_id: str) -> SchoolClass:
        return SchoolClass.objects.get(district=self.tenant.district, sourced_id=sourced_id)

    def class_url(self, sourced_id: str) -> str:
        return f"/manage/{self.slug}/classes/{self.school_class(sourced_id).pk}/"

    def paper_url(self) -> str:
        return f"/manage/{self.slug}/notices/{self.notice.pk}/paper-answer/"


KEMI = "kemi.okafor@family.example"  # Ben's guardian (English)
RUTH = "ruth.rourke@family.example"  # Anya's guardian (Spanish)
ANYA_OWN = "anya.r@students.birchfield.example"  # Anya's own address


def sent_request(tenant: Any, resource: Any) -> World:
    notice = Notice.objects.create(
        district=tenant.district, kind="permission_request", resource=resource, title=resource.name,
        description="An online writing program.", purpose="Feedback on essays in class.",
    )  # fmt: skip
    send_notice(notice, actor=tenant.user("admin"))
    notice.refresh_from_db()
    return World(tenant, notice, resource)


def teacher_user(tenant: Any, email: str = TEACHER_EMAIL, role: str = "staff") -> Any:
    """A staff member of the district whose e-mail is the roster teacher's."""
    user = User.objects.create_user(username=email, email=email, password="correct-horse-9",
                                    full_name="Mara Ellery")  # fmt: skip
    Membership.objects.create(user=user, district=tenant.district, role=role)
    return user


def answer_data(
    students: dict[Any, str], name: str = "Kemi Okafor", relationship: str = "guardian"
) -> dict[str, str]:
    data = {"typed_name": name, "relationship": relationship}
    data.update({f"answer_{s.pk}": value for s, value in students.items()})
    return data


WITHDRAW_LINK = re.compile(r"https?://\S+/notices/withdraw/(\S+)/")


def withdraw_token_from(body: str) -> str:
    match = WITHDRAW_LINK.search(body)
    assert match, body
    return match.group(1)
