"""A rights request's deadline: the pack stack's due time for `rights_request.received`, computed by
the clocks (business or calendar days, the state's holidays, the district's closure days and time
zone). Within one deadline id the strictest layer wins (the earliest due time; vetted.rules.clock).

Which deadline id a kind answers to, in order of preference (the first one the stack sets):

- inspect -> records_access_response (FERPA 34 CFR 99.10(b): 45 days; states may set fewer)
- export  -> records_access_response (a copy of the student's own work is access to the record)
- correct -> records_correction_response, else records_access_response
- delete  -> records_deletion_response (no pack sets one yet), else records_access_response
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from vetted.clocks.calendar import due_times
from vetted.districts.models import District
from vetted.rules import DueTime

EVENT = "rights_request.received"
KIND_DEADLINES: dict[str, tuple[str, ...]] = {
    "inspect": ("records_access_response",),
    "export": ("records_access_response",),
    "correct": ("records_correction_response", "records_access_response"),
    "delete": ("records_deletion_response", "records_access_response"),
}


def due_for(district: District, kind: str, received_at: dt.datetime) -> DueTime:
    """The due time a request of `kind` received at `received_at` gets in this district."""
    if kind not in KIND_DEADLINES:
        raise ValidationError({"kind": "Choose inspect, correct, delete or export."})
    found = {d.deadline_id: d for d in due_times(district, EVENT, received_at)}
    for deadline_id in KIND_DEADLINES[kind]:
        if deadline_id in found:
            return found[deadline_id]
    raise ValidationError(
        {"kind": "The district's rule packs set no deadline for this request; check the district's packs."}
    )
