"""Deterministic guards: statements that carry a provision's words without its meaning.

Each guard answers one question about a sentence (normalized text) and is applied after the
phrase rules, so a guard always wins over a match:

- the scope of a negation or a disclaimer ("not liable if a breach occurs", "no warranty that
  errors will be corrected") -- the clause commits the vendor to nothing;
- the party that is bound ("Customer shall comply with export control laws");
- recitals ("WHEREAS ...") and descriptions of a statute ("New York law forbids ...");
- words used for another purpose: records "kept for audit purposes", a contract's "material
  breach ... cured within 30 days", destruction "at the District's direction" when the term ends.
"""

from __future__ import annotations

import re

from .params import STATES
from .prefilter import Piece, Screened

# ---- negation and disclaimer scope -------------------------------------------------------------

_DISCLAIMER = Screened(
    r"\b(?:(?:is|are|shall|will|be|am)\s+not\s+(?:be\s+)?(?:held\s+)?(?:liable|responsible|accountable)|"
    r"(?:no|any)\s+liability\s+(?:for|if|when|arising)|disclaims?|hereby\s+disclaim|"
    r"makes?\s+no\s+(?:\w+\s+)?(?:warrant\w*|representations?|guarantees?|promises?)|"
    r"no\s+(?:\w+\s+)?(?:warranty|warranties|guarantee|representation)\s+(?:that|of|is|as)|"
    r"(?:does|do|will|shall)\s+not\s+(?:warrant|guarantee|represent)|without\s+(?:any\s+)?warrant\w*|"
    r"\"?as\s+is\"?\s+(?:and|basis|without)|(?:can|could)\s*not\s+guarantee)"
)
_CLAUSE_EDGE = re.compile(r"[;:]|,\s*(?:but|however|provided\s+that)\b|\.\s")


def disclaimer_spans(norm: str, pieces: set[Piece] | None = None) -> list[tuple[int, int]]:
    """The clauses of a sentence that disclaim (from the clause start to the next ';' or ':')."""
    spans: list[tuple[int, int]] = []
    for m in _DISCLAIMER.finditer(norm, pieces):
        start = 0
        for edge in _CLAUSE_EDGE.finditer(norm, 0, m.start()):
            start = edge.end()
        nxt = _CLAUSE_EDGE.search(norm, m.end())
        spans.append((start, nxt.start() if nxt else len(norm)))
    return spans


# Provisions whose positive phrasing is affirmative ("shall notify", "complies with COPPA"): a
# negation governing the matched verb turns the statement into its opposite or into nothing.
AFFIRMATIVE = frozenset(
    {
        "security_safeguards",
        "breach_notification",
        "ferpa_compliance",
        "other_laws_compliance",
        "audit_right",
        "employee_confidentiality",
        "parent_access_correction",
        "student_content_transfer",
        "deletion_on_request",
        "general_offer",
        "severability",
        "governing_law",
    }
)
_NOT_NEGATION = re.compile(r"\b(?:no|not)\s+(?:later|less|more|longer|fewer|sooner)\s+than\b|\bnot\s+only\b")
# "No employee may access ... until ..." negates the subject, not the promise: "no" is left out.
_NEGATION = re.compile(r"\b(?:not|never|cannot|neither|nor)\b|n't\b")


def negated_before(norm: str, start: int) -> bool:
    """A negation in the same clause just before a match ("Provider does not encrypt ...")."""
    window = norm[max(0, start - 32) : start]
    cut = max(window.rfind(","), window.rfind(";"), window.rfind(":"))
    if cut >= 0:
        window = window[cut + 1 :]
    window = _NOT_NEGATION.sub(" ", window)
    return bool(_NEGATION.search(window))


# ---- recitals and descriptions of the law --------------------------------------------------

_RECITAL = re.compile(r"^(?:whereas\b|recitals?\b|background\b\s*[:.-]|now,?\s+therefore\b)")
_STATE_NAMES = "|".join(sorted(STATES, key=len, reverse=True))
_STATE_LAW = re.compile(
    rf"^(?:under\s+)?(?:(?:{_STATE_NAMES})(?:'s)?|federal|state|federal\s+and\s+state|state\s+and\s+federal)\s+"
    r"(?:state\s+)?(?:law|laws|statutes?|legislation|regulations?)(?:\s*,\s*[^,;]{3,90},)?\s+(?:also\s+|further\s+|generally\s+)?"
    r"(?:forbids?|prohibits?|requires?|gives?|grants?|protects?|says?|provides?|bars?|restricts?|allows?|"
    r"permits?|mandates?|obliges?|lets?|entitles?|defines?|applies|governs?)\b"
)


def is_recital(norm: str, path: tuple[str, ...] = ()) -> bool:
    if _RECITAL.match(norm):
        return True
    return any(re.match(r"^(?:recitals?|background)\b", p.strip().lower()) for p in path)


def describes_state_law(norm: str) -> bool:
    return bool(_STATE_LAW.match(norm))


# ---- the party bound ---------------------------------------------------------------------------

# A clause whose subject is the district, a user or a parent binds them, not the vendor.
USER_SUBJECT = re.compile(
    r"^(?:(?:under|when|if|where|once|after|upon|in|for|as)\b[^,;]{0,120},\s*){0,2}"
    r"(?:(?:the|each|any|every|all|an?)\s+)?(?:lea|district|school district|board|board of education|school|schools|"
    r"customer|customers|institution|parent|parents|you|user|users|end users?|authorized users?|licensee|"
    r"subscriber|client|account holders?|teachers?|educators?)\s+(?:(?:also|further|hereby|expressly)\s+)?"
    r"(?:shall|will|may|must|agrees?|can|is|are|acknowledges?|represents?|warrants?|covenants?|undertakes?|"
    r"accepts?|understands?|consents?|remains?|bears?)\b"
)

# ---- words used for another purpose --------------------------------------------------------------

# "records kept for audit purposes", "audit logs": the vendor's own record keeping.
AUDIT_OTHER_SENSE = (
    r"\bfor\s+(?:\w+\s+)?(?:audit|auditing)\s+(?:and\s+\w+\s+)?purposes|\baudit\s+(?:trails?|logs?|logging|records)\b|"
    r"\b(?:its|our)\s+own\s+(?:internal\s+)?audits?\b|\binternal\s+audits?\b(?![^.;]{0,80}\b(?:lea|district|school|customer)\b)"
)
# Handing over the vendor's own report ("a summary of its most recent third-party security
# assessment", "its SOC 2 report") is not the district's right to audit, unless the same
# sentence also lets the district audit.
_DISTRICT_AUDITS = (
    r"\b(?:may|can|(?:has|have|shall\s+have|will\s+have)\s+the\s+right\s+to|(?:is|are|shall\s+be)\s+entitled\s+to)\b"
    r"[^.;]{0,60}\b(?:audit|inspect)"
)
_REPORT_ONLY = (
    r"\b(?:summary|summaries|copy|copies|reports?|results|certificates?|attestations?|letters?)\s+of\s+"
    r"(?:[\w-]+\s+){0,6}?(?:audits?|assessments?|penetration\s+tests?|certifications?)\b|\bsoc\s*2\b|\biso\s*27001\b"
)
AUDIT_REPORT_ONLY = rf"^(?!.*{_DISTRICT_AUDITS}).*(?:{_REPORT_ONLY})"
# A contract's breach ("material breach ... cured within 30 days") is no data-security incident.
_SECURITY_EVENT = (
    r"unauthori[sz]ed|security\s+(?:breach|incident)|data\s+(?:breach|incident)|privacy\s+incident|"
    r"breach\s+of\s+(?:the\s+)?(?:security|student|personal|pupil|customer|data|confidentiality|systems?)|"
    r"incident|compromis|intrusion|exposed|leak|stolen|hack"
)
CONTRACT_BREACH = (
    rf"^(?!.*(?:{_SECURITY_EVENT})).*(?:material\s+breach|breach\w*\s+(?:of|under)\s+(?:this|the|any|its|an?)\s+"
    r"(?:\w+\s+)?(?:agreement|contract|terms|dpa|obligations?|representations?|warrant\w*|covenants?|provisions?)|"
    r"\bcured?\b|\bcure\s+period|terminat\w*\s+(?:this|the)\s+agreement\s+for\s+(?:cause|breach))"
)
# Destruction at the district's direction when the term ends is disposition, not a request.
AT_TERM_END = (
    r"\b(?:upon|on|at|after|following|within\s+[\w() -]{1,40}?(?:of|after|following|from))\s+(?:the\s+)?"
    r"(?:termination|expiration|expiry|end|conclusion|completion|non-?renewal)\b|"
    r"\b(?:when|once|after)\s+(?:the\s+|this\s+)?(?:[\w-]+\s+)?(?:agreement|contract|term|services?|subscription|licen[cs]e|study|project)\s+"
    r"(?:ends|expires|terminates|is\s+terminated|concludes)"
)
DURING_TERM = r"\bduring\s+the\s+term\b|\bat\s+any\s+time\b|\bprior\s+to\b|\bbefore\s+the\s+(?:end|termination|expiration)\b"
# "You grant us a ... licence to host, copy and distribute your Content": the vendor takes, the
# student keeps nothing by it.
VENDOR_LICENCE = (
    r"\bgrants?\s+(?:to\s+)?(?!you\b)(?:the\s+)?[\w-]+\s+(?:a|an)\s+(?:[\w-]+,?\s+){0,6}licen[cs]e\b"
)
