"""More positive phrasings seen in real DPAs and policies (NDPA articles, state riders, SOC 2 pages).

Each entry widens one provision; kept apart from the base modules so a family can be read (and
tested) on its own.
"""

from __future__ import annotations

from .lexicon import CASH_ONLY_SALE, DATA, DATA_PHRASE, DISTRICT, gap
from .rules import Rule, pos

_OWNER = rf"(?:(?:the\s+)?{DISTRICT}|you|parents?|(?:the\s+)?(?:school|district)'?s?)"
_SUBPROC = r"(?:sub-?processors?|sub-?contractors?|service\s+providers?|vendors?|third[- ]part(?:y|ies)|agents|contractors)"
_SUBPROC = rf"\b{_SUBPROC}"  # whole words only ("rent" is not in "parent")
_EQUAL = (
    r"(?:no\s+less\s+(?:protective|stringent|restrictive)|at\s+least\s+as\s+(?:protective|stringent|strict)|"
    r"same|equivalent|substantially\s+similar|consistent\s+with|materially\s+the\s+same)"
)
_DISPOSE = r"(?:delet\w*|destr(?:oy|oyed|oys|uction)|eras\w*|purg\w*|dispos\w*|return\w*|de-?identif\w*)"
_DISPOSE = rf"\b{_DISPOSE}"  # whole words only ("rent" is not in "parent")

OWNERSHIP: tuple[Rule, ...] = (
    # "All right, title and interest in and to Student Data remain with the LEA."
    pos(0.85, rf"(?:rights?,?\s+title,?\s+and\s+interest|title\s+and\s+interest)\s+(?:in\s+and\s+to|in|to)\s+(?:the\s+|all\s+)?{DATA_PHRASE}{gap(60)}(?:remains?|shall\s+remain|will\s+remain|vests?|stays?|belongs?|is\s+retained)\s+(?:with|in|to)\s+{_OWNER}"),
)  # fmt: skip

DISPOSITION: tuple[Rule, ...] = (
    # "Upon expiration, Vendor shall return or destroy ..." (the end event without "of the agreement").
    pos(0.85, rf"(?:upon|on|at|after|following|within\s+[\w() -]{{1,40}}?(?:of|after|following|from))\s+(?:the\s+)?(?:termination|expiration|expiry|non-?renewal)\b(?!\s+of\b)(?:\s+or\s+(?:termination|expiration|expiry))?{gap(150)}{_DISPOSE}"),
)  # fmt: skip

SECURITY: tuple[Rule, ...] = (
    # Independent attestations of a security programme: a concrete safeguard, stated by the vendor.
    pos(0.7, r"\b(?:we|provider|vendor|company|our\s+(?:platform|service|systems?|product))\s+(?:is|are|has\s+been|have\s+been|shall\s+(?:be|remain)|will\s+(?:be|remain))\s+(?:\w+\s+)?(?:audited|certified|assessed|attested|compliant|aligned)\b[^.;?]{0,60}\b(?:soc\s*2|iso\s*(?:/iec\s*)?27001|nist\s+(?:csf|800-\d+|cybersecurity))"),
)  # fmt: skip

FERPA: tuple[Rule, ...] = (
    # FERPA's school-official condition: under the district's direct control.
    pos(0.85, rf"\bunder\s+the\s+direct\s+control\s+of\s+(?:the\s+)?{DISTRICT}"),
)  # fmt: skip

DISCLOSURE: tuple[Rule, ...] = (
    pos(0.85, rf"(?:written\s+)?(?:agreements?|contracts?)\s+with\s+(?:(?:its|our|all|any|each)\s+)?{_SUBPROC}{gap(150)}{_EQUAL}"),
    # "These obligations flow down to every subprocessor."
    # "shall disclose Student Data to nobody except ..."
    pos(0.85, rf"\b(?:disclose|share|release|transfer|give|provide)\w*{gap(80)}\b(?:to|with)\s+(?:nobody|no\s+one|no\s+other\s+(?:party|person|entity|organi[sz]ation))\b"),
    # "our host is barred by contract from passing it on"
    pos(0.8, r"(?:contractually|by\s+(?:contract|(?:a\s+|its\s+|their\s+)?(?:written\s+)?(?:agreement|contract)))\s+(?:\w+\s+)?(?:barred|prohibited|forbidden|precluded|restricted)\s+from\s+(?:passing|shar|disclos|giv|hand|sell|releas|us)\w*"),
    pos(0.8, r"(?:barred|prohibited|forbidden|precluded)\s+(?:by\s+(?:contract|(?:a\s+|its\s+|their\s+)?(?:written\s+)?(?:agreement|contract)))\s+from\s+(?:passing|shar|disclos|giv|hand|sell|releas)\w*"),
    pos(0.8, rf"(?:flow\w*\s+down|pass\w*\s+(?:down|through))\b{gap(100)}{_SUBPROC}|{_SUBPROC}{gap(120)}\bflow\w*\s+down"),
)  # fmt: skip

SALE: tuple[Rule, ...] = (
    # CCPA wording: "we do not sell or share personal information".
    pos(0.85, rf"\b(?:do|does|will)\s+not\s+(?:sell|\"sell\")\s+(?:or\s+(?:\"?share\"?)\s+)?(?:\w+\s+){{0,3}}{DATA}", unless=CASH_ONLY_SALE),
)  # fmt: skip

SEVERABILITY: tuple[Rule, ...] = (
    # "Should any clause prove unenforceable, the other clauses are unaffected."
    pos(0.85, rf"\b(?:invalid|unenforceable|void|illegal|ineffective)\b{gap(150)}\b(?:the\s+)?(?:other|remaining|rest\s+of\s+the)\s+(?:\w+\s+)?(?:clauses|provisions|terms|parts|sections|portions)\s+(?:are|will\s+be|shall\s+be|(?:will\s+|shall\s+)?(?:remain|stay|continue))\s+(?:\w+\s+)?(?:unaffected|valid|enforceable|in\s+(?:full\s+)?(?:force|effect)|binding)"),
)  # fmt: skip

# provision -> (words that widen the trigger, or None, and the rules)
EXTRA: dict[str, tuple[str | None, tuple[Rule, ...]]] = {
    "ownership": (r"interest", OWNERSHIP),
    "disposition_at_end": (r"expiration|expiry|termination", DISPOSITION),
    "security_safeguards": (r"soc ?2|27001|nist", SECURITY),
    "ferpa_compliance": (r"direct control", FERPA),
    "third_party_disclosure": (
        r"flow|agreements? with|contracts? with|nobody|no one|barred|contractually",
        DISCLOSURE,
    ),
    "severability": (r"unaffected", SEVERABILITY),
    "no_sale": (None, SALE),
}
