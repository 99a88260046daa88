"""What the directory-information tests share: the district's notice recorded, a request logged
through the service, and a student by roster id (the notices' hand-written roster: Anya s-1 and
Ben s-2 in grade 4 at Alder Street Elementary, Cleo s-3 in grade 7 at Birchfield Middle School)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from vetted.rights.directory import services
from vetted.rights.models import DirectoryOptOut, DirectoryRequest
from vetted.rosters.models import Org, Person


def student(tenant: Any, sourced_id: str) -> Person:
    return Person.objects.get(district=tenant.district, sourced_id=sourced_id)


def school(tenant: Any, sourced_id: str) -> Org:
    return Org.objects.get(district=tenant.district, sourced_id=sourced_id)


def notice_given(tenant: Any) -> None:
    services.save_settings(tenant.district, actor=tenant.user("admin"), chosen=["name", "grade_level", "school",
                           "address", "photo", "email"], notice_given_on=dt.date(2026, 8, 20),
                           notice_where="District handbook, page 12")  # fmt: skip


def log(tenant: Any, **changes: Any) -> DirectoryRequest:
    data: dict[str, Any] = {
        "requester_name": "Rowan Pike", "requester_organisation": "Birchfield Youth Soccer League",
        "requester_contact": "rowan.pike@soccer.example", "purpose": "Team rosters for the spring season.",
        "items": ["name", "grade_level"], "whole_district": True, "received_on": dt.date(2026, 12, 1),
    }  # fmt: skip
    data.update(changes)
    return services.log_request(tenant.district, actor=tenant.user("admin"), data=data)


def disclose(tenant: Any, request: DirectoryRequest) -> DirectoryRequest:
    return services.decide_request(request, actor=tenant.user("admin"), serves_school_purpose=True,
                                   school_purpose_reason="A school-sponsored league.", decision="disclose")  # fmt: skip


def choose(tenant: Any, sourced_id: str, opted_out: bool) -> None:
    """A family's choice as the portal records it (append-only; the newest row is current)."""
    DirectoryOptOut.objects.create(district=tenant.district, student=student(tenant, sourced_id),
                                   opted_out=opted_out, channel="portal", recorded_at=dt.datetime.now(dt.UTC))  # fmt: skip
