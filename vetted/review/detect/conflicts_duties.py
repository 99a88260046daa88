"""Reservations of the opposite for the vendor's duties and the district's rights.

Most of these are denials of the right itself ("the LEA shall have no right to audit", "we will
not delete ... on request", "may, but are not obligated to, notify"); they contain the words a
positive pattern looks for, so they are `denial` rules that win inside their sentence.
"""

from __future__ import annotations

from .lexicon import DATA_PHRASE, DISTRICT, PEOPLE, PERMIT, gap
from .rules import Rule, conflict, denial

_NOT = r"(?:not|never|no)"
_MODAL_NOT = r"(?:will|shall|do|does|can|could|may|is|are)\s+not|won't|don't|doesn't|cannot|can't|never"
_KEEP = r"(?:retain|retains|keep|keeps|store|stores|hold|holds|maintain|maintains|preserve|preserves)"
# Participles too: "Archived copies ... are retained indefinitely".
_KEEP = rf"(?:{_KEEP}|retained|kept|stored|held|maintained|preserved)"
_KEEP = rf"\b{_KEEP}"  # whole words only ("rent" is not in "parent")
_ONLY_SAFE = r"de-?identified|deidentified|anonymi[sz]ed|aggregat"
_END_OR_CLOSE = (
    r"(?:(?:you|a\s+user|the\s+(?:school|district|lea|customer)|schools?|districts?)\s+(?:\w+\s+)?"
    r"(?:close|closes|delete|deletes|cancel|cancels|terminate|terminates|stop|stops|leave|leaves|end|ends)|"
    r"(?:your|the|a|their|its)\s+(?:\w+\s+)?(?:account|contract|subscription|agreement|relationship)\s+"
    r"(?:is\s+(?:closed|deleted|terminated|cancell?ed)|ends|expires|terminates|closes))"
)
_OPEN_ENDED = (
    r"(?:indefinitely|in\s+perpetuity|perpetually|forever|permanently|with\s+no\s+(?:fixed\s+)?end\s+date|"
    r"for\s+as\s+long\s+as\s+(?:we|it|the\s+company)\s+(?:find|finds|consider|considers|deem|deems|see\s+fit|sees\s+fit|"
    r"wish|wishes|want|wants|choose|chooses|like|likes|think|thinks)|"
    r"(?:for\s+)?as\s+long\s+as\s+(?:is\s+)?(?:reasonably\s+)?(?:necessary|needed|useful|required)\s+(?:for|to\s+(?:serve|support|fulfil+))\s+"
    r"(?:our|its)\s+(?:own\s+|legitimate\s+|internal\s+)*(?:business|commercial|operational)\s+(?:purposes|needs|interests))"
)
_NEGATED = _ONLY_SAFE + r"|\b(?:not|never|no\s+longer)\b|n't\b|cannot"
_DISPOSE = r"delet\w*|destr\w*|eras\w*|purg\w*|dispos\w*|de-?identif\w*|return\w*"

RETENTION: tuple[Rule, ...] = (
    # "with no fixed end date" is itself a negation, so these check negation through `unless`.
    conflict(0.8, rf"\b{_KEEP}\b{gap(150)}{_OPEN_ENDED}", unless=_NEGATED, clean=False),
    conflict(0.8, rf"{_OPEN_ENDED}{gap(100)}(?:even\s+)?after\s+{_END_OR_CLOSE}", unless=_NEGATED, clean=False),
    conflict(0.75, rf"\b{_KEEP}\b{gap(120)}\beven\s+after\s+{_END_OR_CLOSE}", unless=_NEGATED + "|" + _DISPOSE, clean=False),
    denial(0.8, rf"(?:{_MODAL_NOT})\s+(?:\w+\s+)?(?:delete|erase|destroy|remove|purge)\b{gap(80)}(?:when|after|once|upon|at|if)\s+(?:the\s+|a\s+|your\s+)?(?:[\w']+\s+)?(?:subscription|contract|agreement|account|service|relationship)s?\s*(?:ends|expires|terminates|is\s+(?:closed|cancell?ed|terminated)|closes)?", unless=_ONLY_SAFE),
    denial(0.8, rf"\b{_NOT}\s+(?:obligat\w*|requir\w*|duty)\s+to\s+(?:delete|destroy|return|erase){gap(80)}(?:terminat|expir|end|clos)"),
)  # fmt: skip

_REQUEST = r"(?:on|upon|at|after|following|in\s+response\s+to)\s+(?:a\s+|your\s+|the\s+|any\s+|such\s+)?(?:\w+\s+)?(?:request|demand|instruction)"
DELETION: tuple[Rule, ...] = (
    denial(0.8, rf"(?:{_MODAL_NOT})\s+(?:\w+\s+)?(?:delete|erase|remove|destroy|purge|honou?r)\b{gap(100)}(?:{_REQUEST}|requests?\s+(?:to|for)\s+(?:delet|eras)|(?:if|when|even\s+if)\s+(?:you|a\s+parent|the\s+(?:school|district|lea))\s+(?:ask|request))"),
    denial(0.8, rf"(?:deletion|erasure|removal)\s+requests?{gap(60)}(?:will|shall|may|can)\s+not\s+be\s+(?:honou?red|granted|processed|accepted|fulfilled)"),
    denial(0.75, rf"{PERMIT}\s+(?:\w+\s+)?(?:decline|deny|refuse|reject|ignore)\s+(?:\w+\s+){{0,3}}(?:deletion|erasure|delete)\s+requests?"),
    conflict(0.75, rf"\b{_KEEP}\b{gap(100)}even\s+(?:if|after|when|though)\s+(?:you|a\s+parent|parents|the\s+(?:school|district|lea|customer))\s+(?:\w+\s+)?(?:ask|asks|request|requests)", unless=_ONLY_SAFE),
)  # fmt: skip

_NOTIFY = r"(?:notif\w*|inform\w*|tell|alert\w*|report\w*|contact)"
_NOTIFY = rf"\b{_NOTIFY}"  # whole words only ("rent" is not in "parent")
BREACH: tuple[Rule, ...] = (
    denial(0.85, rf"\b(?:not|no)\s+(?:\w+\s+)?(?:obligat\w*|requir\w*|duty|bound|commit\w*)[\s,]+(?:to[\s,]+)?(?:\w+\s+)?{_NOTIFY}"),
    denial(0.8, rf"{_NOTIFY}{gap(80)}(?:in|at)\s+(?:our|its)\s+(?:sole\s+|absolute\s+)?discretion"),
    # "we will notify affected users when we deem appropriate": the vendor keeps the timing.
    # "... at the time and in the manner we consider appropriate", "if we decide notice is appropriate".
    denial(0.8, rf"{_NOTIFY}{gap(120)}\b(?:when|if|as|where|whenever|once|(?:time|manner|way|form|means)\s+(?:that\s+|which\s+)?)\s*(?:we|it|the\s+company|the\s+provider|provider)\s+(?:\w+\s+)?(?:deems?|considers?|thinks?|determines?|judges?|finds?|decides?|believes?)\s+(?:that\s+)?(?:it\s+|(?:such\s+|a\s+)?(?:notice|notification)\s+(?:is\s+|to\s+be\s+|would\s+be\s+)?)?(?:appropriate|necessary|advisable|fit|prudent|warranted)"),
    # "we do not promise that we will tell you if an incident happens": no duty, in a promise's words.
    denial(0.8, rf"\b(?:not|no)\s+(?:\w+\s+)?(?:promise|guarantee|undertake|warrant)\w*\s+(?:that\s+)?(?:we|it|the\s+company|the\s+provider|provider)\s+(?:will|shall|would)\s+(?:\w+\s+)?{_NOTIFY}"),
    denial(0.8, rf"(?:whether|if)\s+(?:and\s+when\s+)?(?:to\s+)?{_NOTIFY}{gap(60)}(?:is\s+)?(?:in|at|within)\s+(?:our|its)\s+(?:sole\s+)?discretion"),
)  # fmt: skip

_AUDIT = r"(?:audit\w*|inspect\w*|on-?site\s+(?:visits?|assessments?))"
_AUDIT = rf"\b{_AUDIT}"  # whole words only ("rent" is not in "parent")
AUDIT: tuple[Rule, ...] = (
    denial(0.85, rf"\bno\s+(?:\w+\s+)?rights?\s+(?:to|of)\s+(?:\w+\s+)?{_AUDIT}"),
    denial(0.85, rf"\bno\s+{_AUDIT}\s+rights?\b"),
    denial(0.8, rf"(?:{_MODAL_NOT})\s+(?:be\s+)?(?:\w+\s+)?(?:entitled|permitted|allowed|have\s+(?:a|the|any)\s+right)\s+to\s+(?:\w+\s+)?{_AUDIT}"),
    denial(0.8, rf"(?:{_MODAL_NOT})\s+(?:\w+\s+)?(?:permit|allow|submit\s+to|agree\s+to|accept|consent\s+to)\s+(?:any\s+)?(?:[\w-]+\s+)?{_AUDIT}"),
    denial(0.8, rf"(?:is|are|shall\s+not\s+be|will\s+not\s+be)\s+not\s+subject\s+to\s+(?:any\s+)?(?:\w+\s+)?audit|{_AUDIT}\s+rights?\s+(?:are|is)\s+(?:hereby\s+)?(?:excluded|waived|deleted|removed|withdrawn)"),
)  # fmt: skip

_TERMS = r"(?:terms|dpa|agreement|protections|provisions|rider|addendum|offer)"
_OTHERS = rf"(?:any\s+|an\s+|every\s+)?(?:other|another|additional|third-party|subscribing)\s+(?:[\w-]+\s+){{0,2}}?{DISTRICT}"
GENERAL_OFFER: tuple[Rule, ...] = (
    denial(0.85, rf"(?:{_MODAL_NOT})\s+(?:\w+\s+)?(?:extend|offer|make\s+available|apply)\b{gap(60)}{_TERMS}?{gap(40)}(?:to|for)\s+{_OTHERS}"),
    denial(0.85, rf"{_TERMS}\s+(?:is|are|shall\s+be|will\s+be)\s+not\s+(?:extended|offered|available|transferable)\s+to\s+{_OTHERS}"),
    denial(0.85, rf"{_OTHERS}\s+(?:must|shall|will\s+need\s+to|needs?\s+to|has\s+to|have\s+to)\s+(?:\w+\s+)?(?:negotiate|enter\s+into|sign|execute)\s+(?:its|their)\s+own"),
    denial(0.85, r"(?:exhibit\s+e|the\s+general\s+offer|general\s+offer\s+of\s+privacy\s+terms)\s+(?:\w+\s+)?(?:does|do|shall|will)\s+not\s+apply|\bno\s+general\s+offer\b|general\s+offer\s+(?:is|shall\s+be)\s+(?:deleted|struck|withdrawn|omitted|excluded)"),
)  # fmt: skip

_TAKE = r"(?:export\w*|download\w*|transfer\w*|retriev\w*|move\w*|copy|copied|take\w*)"
_TAKE = rf"\b{_TAKE}"  # whole words only ("rent" is not in "parent")
_WORK = r"(?:content|work|projects?|designs?|files|portfolios?|creations|submissions|data)"
_WORK = rf"\b{_WORK}"  # whole words only ("rent" is not in "parent")
CONTENT: tuple[Rule, ...] = (
    conflict(0.75, rf"\b{_NOT}\s+(?:\w+\s+)?(?:provide|offer|support|have)\s+(?:a|an|any)\s+(?:\w+\s+)?(?:way|means|tool|feature|option|function\w*)\s+(?:for\s+\w+\s+)?to\s+{_TAKE}", clean=False),
    conflict(0.75, rf"{_WORK}\s+(?:cannot|can\s+not|can't|may\s+not|will\s+not)\s+be\s+{_TAKE}", clean=False),
    conflict(0.7, r"\b(?:export|download|transfer)\w*\s+(?:of\s+\w+\s+)?(?:is|are)\s+not\s+(?:available|supported|permitted|offered)", clean=False),
    conflict(0.75, rf"{PEOPLE}\s+(?:may|can|will)\s+not\s+(?:\w+\s+)?(?:export|download|transfer)\w*", clean=False),
)  # fmt: skip

DEIDENTIFIED: tuple[Rule, ...] = (
    # The negation that cancels it must be the partners' ("may not re-identify"), not a negated
    # restriction ("we do not restrict partners ..., and partners may re-identify").
    conflict(0.8, r"(?:partners|recipients|third\s+parties|licensees|buyers|researchers)\s+(?:\w+\s+){0,2}(?:may|can|are\s+free\s+to|are\s+permitted\s+to)\s+(?:\w+\s+){0,3}(?:re-?identif\w*|reidentif\w*|link\s+(?:it|them|\w+\s+data)\s+(?:back\s+)?to\s+(?:individuals|students|users))", unless=r"\b(?:may|can|will|shall|are)\s+not\b|cannot|never|prohibit\w*\s+(?:\w+\s+){0,3}from|\bnot\s+(?:to\s+)?(?:attempt\s+to\s+)?re-?identif"),
    conflict(0.8, r"\b(?:do|does|will|shall)\s+not\s+(?:restrict|prohibit|limit|forbid|prevent|bar)\w*\s+(?:\w+\s+){0,4}?from\s+(?:\w+\s+){0,2}?(?:re-?identif\w*|reidentif\w*|linking)", clean=False),
    conflict(0.75, rf"(?:{_ONLY_SAFE}){gap(40)}{DATA_PHRASE}?{gap(60)}(?:without\s+(?:any\s+)?(?:restriction|limitation)|for\s+any\s+purpose){gap(120)}(?:re-?identif\w*|identify\s+(?:individual|the\s+person))", unless=r"\bnot\b|never|prohibit"),
)  # fmt: skip

# provision -> (words that widen the provision's trigger, or None, and the rules). Breach
# denials keep the breach trigger: "not obligated to notify you of changes" is about something else.
CONFLICTS: dict[str, tuple[str | None, tuple[Rule, ...]]] = {
    "disposition_at_end": (
        r"keep|store|hold|indefinite|perpetu|forever|permanent|as long as|delete",
        RETENTION,
    ),
    "deletion_on_request": (None, DELETION),
    # "If we learn of a security problem, we may notify ...": a breach named in plain words.
    "breach_notification": (r"security\s+(?:problem|issue|event|lapse|failure)s?\b", BREACH),
    "audit_right": (None, AUDIT),
    "general_offer": (r"other|another|additional|exhibit e", GENERAL_OFFER),
    "student_content_transfer": (None, CONTENT),
    "deidentified_data": (None, DEIDENTIFIED),
}
