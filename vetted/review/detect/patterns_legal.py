"""FERPA, other privacy laws, governing law, severability, the general offer to other districts."""

from __future__ import annotations

from .lexicon import DISTRICT, gap
from .rules import excluding, pos, provision, with_rules

_COMPLY = (
    r"(?:compl(?:y|ies|iance|iant|ying)|accordance|consistent\s+with|pursuant\s+to|as\s+(?:permitted|required|defined)\s+"
    r"(?:by|under|in)|subject\s+to|in\s+keeping\s+with|conform\w*|adher\w*|abide\w*|obligations?\s+under|"
    r"requirements?\s+(?:of|under)|satisf\w*|meet|meets|govern(?:ed)?\s+by|within\s+the\s+meaning|(?:rights|duties|obligations)\s+under|designat\w*|"
    r"requires?|requirements|protected\s+by|permitted\s+by|regulated\s+by|observe|honor|follow|fulfill|uphold)"
)
_COMPLY = rf"\b{_COMPLY}"  # whole words only ("rent" is not in "parent")
_FERPA = (
    r"(?:ferpa|family\s+educational\s+rights\s+and\s+privacy\s+act|20\s+u\.?s\.?c\.?\s+(?:section\s+|\u00a7\s*)?1232g|"
    r"34\s+c\.?f\.?r\.?\s+(?:part\s+)?99)"
)
_FERPA = rf"\b{_FERPA}"  # whole words only ("rent" is not in "parent")
FERPA_COMPLIANCE = provision(
    "ferpa_compliance",
    r"ferpa|family educational rights|1232g|part 99|school official",
    pos(0.9, rf"{_COMPLY}{gap(150)}{_FERPA}"),
    pos(0.9, rf"{_FERPA}{gap(150)}{_COMPLY}"),
    pos(
        0.9,
        rf"school\s+officials?{gap(150)}(?:legitimate\s+educational\s+interests?|direct\s+control|under\s+the\s+control)",
    ),
    pos(
        0.85,
        rf"(?:designat\w*|act\w*\s+as|serv\w*\s+as|consider\w*|deem\w*|is|are|qualif\w*\s+as){gap(40)}(?:an?\s+)?school\s+officials?",
    ),
)

_OTHER_LAW = (
    r"(?:coppa|children's\s+online\s+privacy\s+protection|ppra|protection\s+of\s+pupil\s+rights|cipa|"
    r"children's\s+internet\s+protection|sopipa|student\s+online\s+personal\s+information\s+protection|"
    r"soppa|student\s+online\s+personal\s+protection|education\s+law\s+(?:section\s+|\u00a7\s*)?2-?d|ed\.?\s+law\s+2-?d|"
    r"part\s+121|chapter\s+71|m\.?g\.?l|conn(?:ecticut)?\.?\s+gen(?:eral)?\.?\s+stat|10-234|ab\s+1584|"
    r"cal(?:ifornia)?\.?\s+(?:education|business\s+and\s+professions|ed\.?)\s+code|105\s+ilcs|"
    r"ccpa|california\s+consumer\s+privacy\s+act|hipaa|15\s+u\.?s\.?c\.?\s+(?:section\s+)?650[1-6]|"
    r"20\s+u\.?s\.?c\.?\s+(?:section\s+)?1232h|47\s+u\.?s\.?c|16\s+c\.?f\.?r\.?\s+(?:part\s+)?312|"
    r"(?:state|local)\s+(?:and\s+federal\s+|or\s+federal\s+)?(?:student\s+)?(?:data\s+)?(?:privacy\s+)?(?:laws?|statutes?|regulations?)|"
    r"(?:federal|federal,)\s+(?:and|or)\s+state\s+(?:\w+\s+)?(?:laws?|statutes?|regulations?)|"
    r"[a-z]+\s+(?:student|pupil)\s+(?:data\s+)?privacy\s+(?:laws?|act|statutes?|provisions|requirements|rules)|"
    # "the Montana Pupil Online Personal Information Protection Act": the family of state acts.
    r"(?:student|pupil)\s+online\s+(?:personal\s+)?(?:information\s+|data\s+)?(?:privacy\s+|protection\s+)+act)"
)
_OTHER_LAW = rf"\b{_OTHER_LAW}"  # whole words only ("rent" is not in "parent")
OTHER_LAWS_COMPLIANCE = provision(
    "other_laws_compliance",
    r"coppa|ppra|cipa|sopipa|soppa|2-d|121|chapter 71|stat|law|act|code|ilcs|ccpa|hipaa|u\.?s\.?c|c\.?f\.?r",
    pos(0.9, rf"{_COMPLY}{gap(150)}{_OTHER_LAW}"),
    pos(0.85, rf"{_OTHER_LAW}{gap(150)}{_COMPLY}"),
    pos(
        0.55,
        rf"compl(?:y|ies|iance)\s+with\s+(?:all\s+)?applicable\s+(?:\w+\s+){{0,3}}(?:laws?|statutes?|regulations?){gap(80)}(?:privacy|data|student|information|records)",
    ),
    pos(
        0.55,
        rf"(?:privacy|student|data){gap(120)}compl(?:y|ies|iance)\s+with\s+(?:all\s+)?applicable\s+(?:\w+\s+){{0,3}}(?:laws?|statutes?|regulations?)",
    ),
)

_STATE_NAME = r"(?:the\s+)?(?:state|commonwealth)\s+of\s+[a-z]+(?:\s+[a-z]+)?|[a-z]+(?:\s+[a-z]+)?"
_DISTRICT_STATE = rf"(?:the\s+)?(?:state|commonwealth|jurisdiction)\s+(?:in\s+which|where|of)\s+(?:the\s+)?{DISTRICT}\s*(?:is\s+located|resides|is\s+situated|operates)?|(?:the\s+)?{DISTRICT}'?s\s+(?:home\s+)?state"
GOVERNING_LAW = provision(
    "governing_law",
    r"govern|constru|interpret|laws of|law of|choice of law|jurisdiction",
    pos(
        0.95,
        rf"(?:governed|construed|interpreted|enforced|determined|controlled|decided)\s+(?:by|under|in\s+accordance\s+with|pursuant\s+to)(?:\s+and\s+(?:construed|interpreted)\s+(?:by|under|in\s+accordance\s+with))?\s+(?:the\s+)?(?:internal\s+|substantive\s+)?laws?\s+of\s+(?:{_DISTRICT_STATE}|{_STATE_NAME})",
    ),
    pos(
        0.9,
        rf"(?:the\s+)?laws?\s+of\s+(?:{_DISTRICT_STATE}|{_STATE_NAME}){gap(60)}(?:shall|will|does|to)\s+govern",
    ),
    pos(0.9, r"\b[a-z]+(?:\s+[a-z]+)?\s+laws?\s+(?:shall|will)\s+govern"),
    pos(
        0.85,
        rf"(?:choice\s+of\s+law|governing\s+law|applicable\s+law)\s*(?:is|shall\s+be|will\s+be|:)\s+(?:that\s+of\s+)?(?:the\s+)?(?:laws?\s+of\s+)?(?:{_DISTRICT_STATE}|{_STATE_NAME})",
    ),
    vendor_duty=False,
)

SEVERABILITY = provision(
    "severability",
    r"invalid|unenforceable|illegal|void|sever|prohibited",
    pos(
        0.95,
        rf"(?:held|found|declared|determined|deemed|adjudged|rendered|becomes?|is)\s+(?:by\s+[^.;]{{1,60}}\s+)?(?:to\s+be\s+)?(?:invalid|illegal|unenforceable|void|prohibited|ineffective){gap(250)}(?:remain\w*|continu\w*|not\s+(?:affect|impair|invalidate)|without\s+(?:affecting|invalidating|impairing)|sever\w*|full\s+force|enforceable\s+to\s+the\s+maximum)",
    ),
    pos(
        0.9,
        rf"(?:invalidity|unenforceability|illegality){gap(120)}(?:shall|will|does)\s+not\s+(?:affect|impair|invalidate)",
    ),
    pos(0.85, r"(?:shall|will)\s+be\s+(?:deemed\s+)?sever(?:ed|able)"),
    pos(0.8, rf"(?:prohibited|unenforceable)\s+in\s+any\s+jurisdiction{gap(150)}(?:ineffective|remaining)"),
    vendor_duty=False,
)

GENERAL_OFFER = provision(
    "general_offer",
    r"general offer|other lea|other district|subscribing|any lea|same terms|same privacy|exhibit e|originating|adopt",
    pos(
        0.9,
        rf"(?:offer\w*|extend\w*|make\w*\s+available){gap(120)}(?:same|identical|these|such|the)\s+(?:privacy\s+)?(?:terms|protections|provisions|agreement|dpa){gap(100)}(?:other|any|additional|subscribing|another)\s+(?:\w+\s+)?{DISTRICT}",
    ),
    pos(
        0.9,
        rf"(?:other|any|additional|subscribing|another)\s+(?:\w+\s+)?{DISTRICT}{gap(100)}(?:may|can|who|that|which|wishing|desiring)\s+(?:\w+\s+)?(?:accept|adopt|sign|join|subscribe|execute|agree\s+to|be\s+bound){gap(80)}(?:general\s+offer|this\s+(?:dpa|agreement)|these\s+terms|same\s+terms|the\s+(?:dpa|agreement|terms))",
    ),
    pos(0.85, r"(?:accept\w*|sign\w*|execut\w*|adopt\w*)\s+(?:of\s+)?(?:this\s+|the\s+)?general\s+offer"),
    pos(
        0.8,
        r"general\s+offer\s+(?:of\s+(?:privacy\s+)?terms\s+)?(?:shall|will|is|may)\s+(?:\w+\s+)?(?:extend|apply|be\s+(?:available|extended|binding)|remain|terminate|expire)",
    ),
    pos(
        0.75, rf"(?:originating|subscribing)\s+{DISTRICT}{gap(150)}(?:same|this\s+dpa|terms|general\s+offer)"
    ),
    vendor_duty=False,
)


GOVERNING_LAW = with_rules(
    GOVERNING_LAW,
    pos(0.9, rf"(?:the\s+)?laws?\s+of\s+(?:{_DISTRICT_STATE}|{_STATE_NAME})\s+(?:\w+\s+)?govern(?:s)?\b"),
)
SEVERABILITY = with_rules(
    SEVERABILITY,
    pos(
        0.85,
        rf"\b(?:invalid|illegal|unenforceable|void|ineffective)\b{gap(250)}(?:remain\w*\s+(?:terms|provisions|parts|portions)|rest\s+of\s+(?:this|the)|continu\w*\s+in\s+(?:full\s+)?(?:force|effect)|not\s+(?:affect|impair|invalidate)|remain\w*\s+(?:in\s+)?(?:full\s+)?(?:force|effect|valid|enforceable))",
    ),
)

GENERAL_OFFER = with_rules(
    GENERAL_OFFER,
    pos(
        0.85,
        rf"(?:offer|offers|offered|extend\w*|make|makes|made)\b{gap(150)}(?:terms|protections|provisions|dpa|agreement){gap(150)}\b(?:any|other|another|additional|subscribing)\s+(?:[\w-]+\s+){{0,3}}?(?:leas?|districts?|schools?|agenc(?:y|ies)|institutions?|school\s+systems?)\b",
    ),
    trigger=r"offer|available|extend",
)


SEVERABILITY = with_rules(
    SEVERABILITY,
    pos(
        0.8,
        rf"(?:court|ruling|judge|tribunal|held|found|invalid|unenforceable|strike|strikes|struck|knock\w*|removed|severed)\b{gap(250)}\b(?:remaining|rest\s+of|every\s+other|all\s+other|each\s+other)\b{gap(60)}\b(?:stand|stands|standing|continue\w*|keeps?|remain\w*|apply|applies|survive\w*|in\s+(?:full\s+)?(?:force|effect))\b",
    ),
    trigger=r"strike|struck|knock|removed|ruling|court",
)
GENERAL_OFFER = with_rules(
    GENERAL_OFFER,
    pos(
        0.85,
        rf"\bbound\b{gap(150)}(?:same|identical|these|this)\s+(?:\w+\s+)?(?:terms|agreement|dpa|protections){gap(120)}\b(?:any|other|another|every|additional)\s+(?:[\w-]+\s+){{0,3}}?(?:leas?|districts?|schools?|agenc(?:y|ies)|divisions?|boards?)\b",
    ),
    pos(
        0.85,
        rf"(?:offer|offers|extend\w*)\b{gap(150)}\b(?:any|other|another|every|additional)\s+(?:[\w-]+\s+){{0,3}}?(?:leas?|districts?|schools?|agenc(?:y|ies)|divisions?|boards?\s+of\s+education)\b",
    ),
    trigger=r"bound|every",
)


# State student-privacy statutes by citation or by name, as DPAs' state exhibits cite them.
_STATE_STATUTE = (
    r"(?:n\.?\s?j\.?\s?s\.?\s?a\.?\s*(?:section\s+)?18a:36|n\.?\s?j\.?\s?a\.?\s?c\.?\s*(?:section\s+)?6a:32|"
    r"c\.?\s?r\.?\s?s\.?\s*(?:section\s+)?22-16|\b22-16-10\d|"
    r"(?:tex(?:as|\.)?\s+)?educ(?:ation|\.)?\s+code\s+(?:chapter|ch\.|section)?\s*32\b|"
    r"utah\s+code\s+(?:ann\.?\s+)?(?:(?:section|title)\s+)?53e|\b53e-9|"
    r"(?:code\s+of\s+virginia|va\.?\s+code)\s+(?:ann\.?\s+)?(?:section\s+)?22\.1-|\b22\.1-(?:287|289)|"
    r"\brcw\s+(?:chapter\s+)?28a\.604|\b28a\.604|\b20-a\s+m\.?\s?r\.?\s?s|"
    r"student\s+(?:online\s+)?(?:data|information|records?|privacy)\s+(?:\w+\s+){0,3}?(?:act|law|statute)|"
    # A state statute by citation ("Wis. Stat. section 118.125", "Ohio Rev. Code section 3319.321").
    r"\b[a-z]{2,5}\.?\s+(?:rev\.?\s+)?(?:stat|stats|statutes|code)\.?\s+(?:ann\.?\s+)?section\s+\d)"
)
_STATE_STATUTE = rf"\b{_STATE_STATUTE}"  # whole words only ("rent" is not in "parent")
OTHER_LAWS_COMPLIANCE = with_rules(
    OTHER_LAWS_COMPLIANCE,
    pos(0.9, rf"{_COMPLY}{gap(150)}{_STATE_STATUTE}"),
    pos(0.85, rf"{_STATE_STATUTE}{gap(150)}{_COMPLY}"),
    trigger=r"rcw|18a|6a:32|22-16|53e|22\.1|28a|m\.r\.s|student privacy|pupil",
)
# Compliance that belongs to someone else: "designs its services so that schools can meet their
# obligations under FERPA" (the school's), "parents may exercise their rights under the Education
# Code" (the family's). Kept when the same sentence also has the vendor comply.
_VENDOR_COMPLIES = (
    r"\b(?:we|provider|vendor|company|contractor|operator|licensor)\s+(?:\w+\s+)?"
    r"(?:compl(?:y|ies)|(?:shall|will|must|agrees?\s+to)\s+(?:\w+\s+)?comply|(?:is|are)\s+(?:\w+\s+)?designated)\b"
)
_OTHERS_COMPLIANCE = (
    r"\b(?:so\s+that|to\s+help|helps?|enables?|allows?|assists?|supports?)\s+(?:the\s+|our\s+|their\s+)?"
    r"(?:schools?|districts?|customers?|leas?|educators?|teachers?|institutions?|you)\s+(?:to\s+|can\s+|in\s+)?"
    r"(?:meet|comply|fulfil|satisfy|meeting|complying|fulfilling)"
    r"|^(?:[\w,' ]{0,40}\s)?(?:families|parents|guardians|students|users|residents|you)\s+(?:may|can|have\s+the\s+right\s+to)\s+"
    r"[^.;]{0,80}\brights\s+under\b"
)
_NOT_THE_VENDORS = rf"^(?!.*{_VENDOR_COMPLIES}).*(?:{_OTHERS_COMPLIANCE})"
FERPA_COMPLIANCE = excluding(FERPA_COMPLIANCE, _NOT_THE_VENDORS)
OTHER_LAWS_COMPLIANCE = excluding(OTHER_LAWS_COMPLIANCE, _NOT_THE_VENDORS)

RULES = (FERPA_COMPLIANCE, OTHER_LAWS_COMPLIANCE, GOVERNING_LAW, SEVERABILITY, GENERAL_OFFER)
