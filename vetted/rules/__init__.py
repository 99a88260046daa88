"""Rule packs as data and the statutory clock. Pure Python: no Django imports here."""

from .errors import PackError, UnknownEventError
from .provisions import PROVISION_IDS, Provision, all_provisions, get_provision

__all__ = [
    "PROVISION_IDS",
    "PackError",
    "Provision",
    "UnknownEventError",
    "all_provisions",
    "get_provision",
]
