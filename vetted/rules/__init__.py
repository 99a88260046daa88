"""Rule packs as data and the statutory clock. Pure Python: no Django imports here.

Public API::

    PROVISION_IDS, get_provision(id), all_provisions()
    EVENTS, EVENT_NAMES, CONDITIONS, DEADLINE_IDS
    load_pack(id), load_pack_file(path), available_packs()
    load_stack([...]) -> PackStack (.required_provisions(), .deadlines_for(event), .posting_duties())
    compute_due_times(stack, event, at, tz, closures=frozenset()) -> tuple[DueTime, ...]
"""

from .clock import DueTime, Overridden, compute_due_times
from .durations import BusinessCalendar, due_at
from .errors import PackError, UnknownEventError
from .events import CONDITIONS, DEADLINE_IDS, EVENT_NAMES, EVENTS, check_event
from .loader import available_packs, load_pack, load_pack_file
from .provisions import PROVISION_IDS, Provision, all_provisions, get_provision
from .schema import Deadline, Pack, PostingDuty, RequiredProvision
from .stack import DeadlineGroup, DeadlineRule, MergedProvision, PackStack, load_stack

__all__ = [
    "CONDITIONS",
    "DEADLINE_IDS",
    "EVENTS",
    "EVENT_NAMES",
    "PROVISION_IDS",
    "BusinessCalendar",
    "Deadline",
    "DeadlineGroup",
    "DeadlineRule",
    "DueTime",
    "MergedProvision",
    "Overridden",
    "Pack",
    "PackError",
    "PackStack",
    "PostingDuty",
    "Provision",
    "RequiredProvision",
    "UnknownEventError",
    "all_provisions",
    "available_packs",
    "check_event",
    "compute_due_times",
    "due_at",
    "get_provision",
    "load_pack",
    "load_pack_file",
    "load_stack",
]
