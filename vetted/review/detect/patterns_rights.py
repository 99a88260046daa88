"""Parents' access and correction, student content, deletion on request, disposition at the end."""

from __future__ import annotations

from .lexicon import DATA, DATA_PHRASE, DISTRICT, NEG, PEOPLE, clause_gap, gap
from .rules import ProvisionRules, Rule, conflict, excluding, pos, provision, with_rules

_ACCESS = r"(?:review|access|inspect|view|see|obtain\s+(?:a\s+)?cop(?:y|ies)|request\s+(?:a\s+)?cop(?:y|ies)|examine|retrieve)"
_ACCESS = rf"\b{_ACCESS}"  # whole words only ("rent" is not in "parent")
_CORRECT = r"(?:correct\w*|amend\w*|rectif\w*|updat\w*|fix|modif\w*|challenge|dispute)"
_CORRECT = rf"\b{_CORRECT}"  # whole words only ("rent" is not in "parent")
_ABLE = r"(?:may|can|will\s+be\s+able\s+to|are\s+able\s+to|is\s+able\s+to|has\s+the\s+right\s+to|have\s+the\s+right\s+to|right\s+to|rights\s+to|entitled\s+to|request|requests|ask|opportunity\s+to|procedures?|process|means)"
PARENT_ACCESS_CORRECTION = provision(
    "parent_access_correction",
    r"review|access|inspect|correct|amend|rectif|view|cop(?:y|ies)",
    pos(0.9, rf"{PEOPLE}{gap(120)}{_ABLE}{gap(60)}{_ACCESS}{gap(150)}{_CORRECT}"),
    pos(0.9, rf"{_ACCESS}\s+(?:and|or|and/or)\s+(?:request\s+(?:the\s+)?)?{_CORRECT}"),
    pos(
        0.85,
        rf"{_CORRECT}{gap(30)}(?:erroneous|inaccurate|incorrect|incomplete|misleading|wrong)\s+(?:\w+\s+)?{DATA}",
    ),
    pos(
        0.8,
        rf"(?:requests?|right)\s+(?:from\s+(?:a\s+)?{PEOPLE}\s+)?(?:to|for)\s+(?:\w+\s+)?{_ACCESS}{gap(100)}(?:{_CORRECT}|{DATA})",
        unless=r"\b(?:provider|vendor|we)\s+(?:may|will)\s+(?:access|review)",
    ),
    pos(0.75, rf"{DISTRICT}{gap(60)}(?:request|requests|ask){gap(80)}{_ACCESS}{gap(80)}{_CORRECT}"),
    pos(
        0.7,
        rf"{PEOPLE}\s+(?:may|can|have\s+the\s+right\s+to)\s+{_ACCESS}{gap(60)}(?:{DATA}|child's|their\s+child)",
    ),
    pos(
        0.7,
        rf"{PEOPLE}\s+(?:may|can|have\s+the\s+right\s+to)\s+(?:request\s+(?:that\s+)?(?:we\s+)?)?{_CORRECT}{gap(60)}{DATA}",
    ),
    vendor_duty=False,
)

_SGC = (
    r"(?:student[- ]generated\s+content|pupil[- ]generated\s+content|student[- ]created\s+(?:content|work|materials)|"
    r"student\s+work|content\s+(?:created|generated|authored|uploaded)\s+by\s+(?:the\s+)?(?:students?|pupils?|users?|you)|"
    r"user[- ]generated\s+content|your\s+content|their\s+content|student\s+content|user\s+content|"
    r"work\s+(?:they|you)\s+(?:create|created|made)|(?:their|your)\s+(?:own\s+)?(?:work|files|projects|portfolios?|creations))"
)
_SGC = rf"\b{_SGC}"  # whole words only ("rent" is not in "parent")
_TAKE = (
    r"(?:transfer|export|download|retain\s+(?:possession|control|ownership)|port|obtain\s+(?:a\s+)?cop(?:y|ies)|"
    r"retrieve|save\s+(?:a\s+)?cop(?:y|ies)|copy|move\s+(?:it|them)|take\s+(?:it|them)\s+with)"
)
_TAKE = rf"\b{_TAKE}"  # whole words only ("rent" is not in "parent")
STUDENT_CONTENT_TRANSFER = provision(
    "student_content_transfer",
    r"generated|content|work|export|download|transfer|portab|portfolio|files",
    pos(0.9, rf"{_SGC}{gap(150)}\b{_TAKE}"),
    pos(0.9, rf"\b{_TAKE}\w*{gap(80)}{_SGC}"),
    pos(
        0.85,
        rf"{PEOPLE}{gap(40)}(?:may|can|will\s+be\s+able\s+to|are\s+able\s+to|have\s+the\s+(?:right|ability)\s+to){gap(30)}(?:download|export|transfer)\s+(?:a\s+copy\s+of\s+)?(?:their|your|his\s+or\s+her)\s+(?:own\s+)?(?:\w+\s+){{0,2}}(?:{DATA}|work|files|projects|portfolios?)",
    ),
    pos(0.8, r"\bdata\s+portability\b|\bright\s+to\s+(?:data\s+)?portability"),
    pos(
        0.8,
        rf"(?:transfer|export|forward)\w*{gap(80)}(?:to\s+)?(?:a|an|their|his\s+or\s+her|the\s+student's)\s+(?:personal\s+|separate\s+)?(?:e-?mail|electronic\s+mail)\s+account",
    ),
    pos(
        0.7,
        rf"(?:retain|keep|maintain)\s+(?:possession\s+and\s+control|ownership|control){gap(60)}(?:content|work|{DATA})",
    ),
    vendor_duty=False,
)

_DELETE = (
    r"(?:delet\w*|destr(?:oy|oyed|oys|uction)|eras\w*|remov\w*|purg\w*|dispos\w*|expung\w*|de-?identif\w*)"
)
_DELETE = rf"\b{_DELETE}"  # whole words only ("rent" is not in "parent")
# "return data on request and shall delete it at the end": the request belongs to the other verb.
_NOT_ANOTHER_DUTY = r"(?:(?!\band\s+(?:then\s+)?(?:shall|will|must)\b)[^.;!?]){0,150}?"
_REQUESTER = rf"(?:(?:the\s+)?{DISTRICT}|{PEOPLE}|the\s+(?:lea|district|school|parent|customer))"
_REQUESTER = rf"\b{_REQUESTER}"  # whole words only ("rent" is not in "parent")
DELETION_ON_REQUEST = provision(
    "deletion_on_request",
    r"request|ask|direct|instruct|deletion|delete|erase",
    pos(
        0.9,
        rf"{_DELETE}{gap(120)}(?:upon|on|at|following|after|per|pursuant\s+to|in\s+response\s+to|within\s+[\w() -]{{1,40}}(?:of|after|from|following)\s+(?:the\s+|receiving\s+|receipt\s+of\s+)?(?:a\s+)?)\s*(?:the\s+|a\s+|any\s+|such\s+|written\s+|their\s+|your\s+|its\s+|his\s+|her\s+|our\s+)*(?:(?:written\s+)?requests?|direction|instructions?|directives?|demand)",
    ),
    pos(
        0.9,
        rf"(?:upon|on|at|following|after|per|in\s+response\s+to)\s+(?:the\s+|a\s+|any\s+|such\s+)?(?:written\s+|verified\s+)?(?:requests?|direction|instructions?|directive){_NOT_ANOTHER_DUTY}{_DELETE}",
    ),
    pos(
        0.9,
        rf"{_REQUESTER}{gap(60)}(?:may|can|has\s+the\s+right\s+to|have\s+the\s+right\s+to|is\s+entitled\s+to|are\s+entitled\s+to|will\s+be\s+able\s+to)\s+(?:\w+\s+){{0,2}}(?:request|ask|direct|instruct|require){clause_gap(60)}{_DELETE}",
    ),
    pos(
        0.85,
        rf"(?:request|requests|requesting|ask|asking)\s+(?:(?:that\s+)?(?:we|us|provider|the\s+provider)\s+(?:to\s+)?)?(?:the\s+)?{_DELETE}",
    ),
    pos(
        0.85,
        r"\bright\s+to\s+(?:request\s+)?(?:the\s+)?(?:deletion|erasure|delete|erase|have\s+\w+\s+deleted|be\s+forgotten)",
    ),
    pos(
        0.8,
        rf"{PEOPLE}\s+(?:may|can)\s+(?:also\s+)?(?:delete|remove|erase)\s+(?:your|their|his\s+or\s+her)\s+(?:\w+\s+){{0,2}}(?:account|{DATA})",
    ),
    pos(
        0.75,
        rf"(?:deletion|erasure|removal|destruction)\s+requests?{gap(80)}(?:honor|process|respond|complete|fulfill)",
    ),
    conflict(
        0.7,
        rf"{NEG}{gap(30)}(?:delete|erase|remove)\s+{DATA_PHRASE}{gap(40)}(?:upon|on|even\s+if|at)\s+(?:your\s+|a\s+)?request",
    ),
    vendor_duty=False,
)

_END = r"(?:termination|expiration|expiry|end|conclusion|completion|cancell?ation|close|closing|non-?renewal|lapse)"
_END = rf"\b{_END}"  # whole words only ("rent" is not in "parent")
_CONTRACT = r"(?:this\s+|the\s+)?(?:agreement|contract|dpa|services?|service\s+agreement|subscription|term|license|relationship|engagement|account|contracted\s+services|school\s+year|purposes?)"
_CONTRACT = rf"\b{_CONTRACT}"  # whole words only ("rent" is not in "parent")
_DISPOSE = r"(?:delet\w*|destr(?:oy|oyed|oys|uction)|eras\w*|purg\w*|dispos\w*|return\w*|de-?identif\w*|transfer\w*|remov\w*)"
_DISPOSE = rf"\b{_DISPOSE}"  # whole words only ("rent" is not in "parent")
DISPOSITION_AT_END = provision(
    "disposition_at_end",
    r"terminat|expir|end|conclu|complet|cancel|no longer|longer needed|retain|(?:stops|ceases|finishes|quits)\s+using",
    pos(
        0.9,
        rf"(?:upon|on|at|after|following|within\s+[\w() -]{{1,40}}(?:of|after|following|from))\s+(?:the\s+)?{_END}\s+(?:or\s+\w+\s+)?(?:of\s+)?{_CONTRACT}{gap(150)}{_DISPOSE}",
    ),
    pos(
        0.9,
        rf"{_DISPOSE}{gap(150)}(?:upon|on|at|after|following|of|from)\s+(?:the\s+)?(?:earlier\s+of\s+(?:the\s+)?)?{_END}\s+(?:or\s+\w+\s+)?(?:of\s+)?{_CONTRACT}",
    ),
    pos(0.85, rf"{_DISPOSE}{gap(150)}(?:no\s+longer|not\s+longer)\s+(?:needed|necessary|required)"),
    pos(0.85, rf"(?:no\s+longer|not)\s+(?:needed|necessary|required){gap(150)}{_DISPOSE}"),
    pos(
        0.85,
        rf"{NEG}{gap(20)}(?:be\s+)?(?:retain\w*|kept|keep|available){gap(80)}(?:upon|after|following|beyond|at)\s+(?:the\s+)?{_END}",
    ),
    pos(
        0.7,
        rf"{_DISPOSE}{gap(80)}(?:when|once|after|if)\s+(?:the\s+|an?\s+|your\s+)?(?:agreement|contract|subscription|account|services?)\s+(?:ends|expires|terminates|is\s+terminated|is\s+closed|is\s+cancell?ed)",
    ),
    # "When a school stops using the app, we remove its data ... within 14 days"
    pos(
        0.7,
        rf"(?:when|once|after|if)\s+(?:a|the|your|an?\s+\w+)\s+(?:school|district|lea|customer|institution)\s+(?:stops|ceases|finishes|quits)\s+using\b{gap(100)}{_DISPOSE}",
    ),
    conflict(
        0.7,
        rf"(?:retain|keep|store)\s+{DATA_PHRASE}{gap(60)}(?:indefinitely|in\s+perpetuity|perpetually|forever)",
        unless=r"de-?identified|aggregat|anonymi|\bnot\b|never",
    ),
    vendor_duty=False,
)


_END_EVENT = (
    r"(?:(?:termination|expiration|expiry|end|conclusion|completion|cancell?ation|non-?renewal|close)\s+of\s+"
    r"(?:this\s+|the\s+|its\s+|their\s+|a\s+)?(?:[\w']+\s+){0,2}?(?:agreement|contract|dpa|services?|subscription|term|"
    r"order\s+form|relationship|engagement|account|licen[cs]e|study|project)|(?:agreement|contract|dpa|services?|subscription|order\s+form|term|"
    r"engagement|relationship|msa|dpa|(?:school|district|customer|lea|subscription)'?s?\s+licen[cs]e|study|project|research)\s+(?:with\s+us\s+)?(?:ends|expires|terminates|concludes|lapses|"
    r"is\s+(?:terminated|completed?|cancell?ed|concluded|over)|are\s+(?:complete|completed|terminated|over)|"
    r"has\s+(?:ended|expired|terminated)|have\s+been\s+completed))"
)
_END_EVENT = rf"\b{_END_EVENT}"  # whole words only ("rent" is not in "parent")
PARENT_ACCESS_CORRECTION = with_rules(
    PARENT_ACCESS_CORRECTION,
    pos(
        0.8,
        rf"{PEOPLE}{gap(40)}(?:may|can|are\s+able\s+to|have\s+the\s+right\s+to)\s+(?:ask|request|write|apply)\w*\s+(?:\w+\s+){{0,3}}?to\s+(?:see|review|view|access|inspect|get\s+a\s+copy|obtain)",
    ),
    pos(
        0.8,
        rf"(?:wrong|inaccurate|incorrect|erroneous|mistaken|errors?|mistakes?)\b{gap(150)}\b(?:correct\w*|amend\w*|fix\w*|chang\w*|updat\w*)\b",
    ),
    pos(
        0.75,
        rf"\b(?:correct\w*|amend\w*|fix\w*)\b{gap(60)}(?:wrong|inaccurate|incorrect|erroneous|errors?|mistakes?)\b",
    ),
    trigger=r"see|wrong|error|mistake",
)
STUDENT_CONTENT_TRANSFER = with_rules(
    STUDENT_CONTENT_TRANSFER,
    pos(
        0.8,
        rf"(?:transfer|export|forward|send|mov)\w*{gap(150)}(?:to\s+)?(?:a|an|their|his\s+or\s+her|the\s+student's)\s+(?:personal\s+|separate\s+)?(?:e-?mail|electronic\s+mail|personal)\s+account",
    ),
    pos(
        0.8,
        rf"{PEOPLE}{gap(40)}(?:may|can|will\s+be\s+able\s+to|are\s+able\s+to|is\s+able\s+to|have\s+the\s+(?:right|ability)\s+to){gap(30)}\b(?:download|export)\w*\b",
    ),
    pos(
        0.8,
        r"(?:shall|will|must)\s+(?:\w+\s+)?(?:export|transfer|download)\s+(?:a\s+copy\s+of\s+)?(?:all\s+(?:of\s+)?)?(?:a|the|each|that)\s+(?:student's|child's|pupil's)",
    ),
    pos(
        0.75,
        rf"(?:created|made|authored|produced)\s+by\s+(?:a\s+|the\s+)?(?:students?|child|children|pupils?){gap(40)}(?:belongs?|remains?)\s+(?:to\s+|the\s+property\s+of\s+)?(?:the\s+)?(?:student|child|pupil)",
    ),
    pos(
        0.75,
        rf"(?:students?|child|children|pupils?)\s+(?:makes?|creates?|produces?){gap(20)}(?:belongs?|remains?)\s+(?:to\s+)?(?:the\s+)?(?:student|child|pupil)",
    ),
    trigger=r"send|belong|account",
)
_ASKS = r"(?:asks?|asked|requests?|requested|makes\s+a\s+(?:written\s+)?request|directs?|directed|instructs?|instructed)\b"
DELETION_ON_REQUEST = with_rules(
    DELETION_ON_REQUEST,
    # "When the LEA asks in writing, the Provider shall delete ..." / "... delete it when a parent asks"
    pos(0.85, rf"{_REQUESTER}{gap(40)}{_ASKS}{clause_gap(150)}{_DELETE}"),
    pos(0.85, rf"{_DELETE}{gap(150)}\b(?:when|if|once|after|whenever)\s+{_REQUESTER}{gap(40)}{_ASKS}"),
    pos(0.8, rf"{_DELETE}{gap(60)}(?:that|which|whatever)\s+{_REQUESTER}\s+(?:\w+\s+)?{_ASKS}"),
)
DISPOSITION_AT_END = with_rules(
    DISPOSITION_AT_END,
    pos(0.85, rf"{_END_EVENT}{gap(200)}\b{_DISPOSE}"),
    pos(0.85, rf"\b{_DISPOSE}{gap(200)}{_END_EVENT}"),
    pos(
        0.85,
        rf"{_END_EVENT}{gap(150)}{NEG}{gap(30)}(?:be\s+)?(?:retain\w*|kept|keep|available|remain\w*|stor\w*)",
    ),
    conflict(
        0.75,
        rf"(?:keep|retain|store|hold)\w*{gap(120)}\b(?:years?|months?)\s+(?:after|following|beyond){gap(80)}(?:{_END_EVENT}|{_END})",
        unless=r"\bnot\b|never|de-?identified|anonymi|aggregat",
    ),
    trigger=r"ends|expires|terminates|over|complete",
)

_CANNOT = r"(?:cannot|can't|can\s+not|may\s+not|are\s+not\s+able\s+to|is\s+not\s+able\s+to|are\s+unable\s+to|is\s+unable\s+to|will\s+not\s+be\s+able\s+to|not\s+permitted\s+to)"
STUDENT_CONTENT_TRANSFER = ProvisionRules(
    STUDENT_CONTENT_TRANSFER.provision,
    STUDENT_CONTENT_TRANSFER.trigger,
    tuple(
        Rule(
            r.kind,
            r.weight,
            r.source,
            rf"{_CANNOT}\s+(?:\w+\s+)?(?:download|export|transfer|keep|retrieve)",
            r.clean_span,
            r.name,
        )
        for r in STUDENT_CONTENT_TRANSFER.rules
    )
    + (
        conflict(
            0.75,
            rf"(?:students?|users?|accounts?|you|parents?)\b{gap(40)}{_CANNOT}\s+(?:\w+\s+)?(?:download|export|transfer|retrieve)\w*",
            clean=False,
        ),
    ),
    STUDENT_CONTENT_TRANSFER.vendor_duty,
)


# New York supplemental information: "how a parent may challenge the accuracy of the data"; and the
# vendor's side of it, "make any correction the district directs".
PARENT_ACCESS_CORRECTION = with_rules(
    PARENT_ACCESS_CORRECTION,
    pos(0.8, r"\bchalleng\w*\s+(?:the\s+)?(?:accuracy|correctness|completeness)\b"),
    pos(0.8, rf"(?:inaccurate|incorrect|erroneous|wrong)\b{gap(60)}\b(?:may|can)\s+(?:\w+\s+)?challenge\b"),
    pos(
        0.8,
        rf"\bmake\s+(?:any\s+|all\s+|the\s+|such\s+)?(?:corrections?|amendments?)\s+(?:that\s+)?(?:the\s+)?{DISTRICT}\s+(?:directs|requests|asks\s+for|approves|requires)",
    ),
    trigger=r"challeng|correction",
)
# "download the essays the student wrote into a personal account"
STUDENT_CONTENT_TRANSFER = with_rules(
    STUDENT_CONTENT_TRANSFER,
    pos(
        0.8,
        rf"\b(?:download|export|transfer|copy|save)\w*{gap(120)}\b(?:that\s+|which\s+)?(?:the\s+student|students|a\s+student|the\s+child|pupils?)\s+(?:has\s+|have\s+)?(?:wrote|written|writes?|created?|made|makes?|produced?|authored|recorded)\b",
    ),
    pos(
        0.8,
        rf"\b(?:download|copy|save)\w*{gap(150)}\b(?:to|into)\s+(?:a|an|their|his\s+or\s+her|the\s+student's)\s+(?:personal|own|separate)\s+(?:e-?mail\s+)?account",
    ),
    trigger=r"wrote|written|creat|made",
)
STUDENT_CONTENT_TRANSFER = excluding(
    STUDENT_CONTENT_TRANSFER, rf"{_CANNOT}\s+(?:\w+\s+)?(?:download|export|transfer|keep|retrieve)"
)
# The customer's own act ends the relationship ("a school ends its subscription", "after the account
# is deleted"); and "keep no copies" is the promise even without a number of days.
_CLOSE = (
    r"(?:\b(?:ends?|terminates?|cancels?|closes?|deletes?)\s+(?:its|their|your|the|his\s+or\s+her)\s+"
    r"(?:subscription|account|contract|agreement)|\b(?:subscription|account|contract|agreement)\s+is\s+(?:deleted|closed|cancell?ed))"
)
_KEEP_NONE = r"\b(?:keeps?|retains?|holds?|stores?)\s+no\s+(?:\w+\s+){0,2}?(?:copies|cop(?:y|ies)|data|records|information|backups?)\b"
DISPOSITION_AT_END = with_rules(
    DISPOSITION_AT_END,
    pos(0.8, rf"{_CLOSE}{gap(150)}\b{_DISPOSE}"),
    pos(0.8, rf"\b{_DISPOSE}{gap(150)}\b(?:after|upon|following|once|when)\s+(?:the\s+)?{_CLOSE}"),
    pos(0.85, rf"(?:{_END_EVENT}|{_CLOSE}){gap(150)}{_KEEP_NONE}"),
    pos(
        0.85,
        rf"{_KEEP_NONE}{gap(100)}\b(?:after|upon|following|once|when|at)\b{gap(20)}(?:{_END_EVENT}|{_END}\s+of\s+{_CONTRACT})",
    ),
    # "When the agreement ends, we keep student data for 20 days so the school can export it": a
    # post-term export window bounds what is kept; the next sentence's deletion adds to it.
    pos(
        0.6,
        rf"{_END_EVENT}{gap(60)}\b(?:keep|keeps|retain|retains|hold|holds|store|stores)\b{gap(40)}\bfor\s+(?:up\s+to\s+)?[\w-]+\s+(?:\(\d+\)\s+)?(?:days?|weeks?|months?)\b{gap(60)}\b(?:export|download|retriev|transfer|collect)\w*",
        unless=r"\b(?:indefinitely|perpetu\w*|as\s+long\s+as)\b",
    ),
    trigger=r"deletes|deleted|closes|closed|cancel",
)

# "send the school a copy within 14 days and fix anything that is wrong"
PARENT_ACCESS_CORRECTION = with_rules(
    PARENT_ACCESS_CORRECTION,
    pos(
        0.8,
        rf"\b(?:give|gives|send|sends|provide|provides|deliver|delivers|supply|supplies|furnish|furnishes)\b{gap(60)}\b(?:cop(?:y|ies)|exports?|extracts?|printouts?)\b{gap(150)}\b(?:correct\w*|fix|fixes|amend\w*)\b",
    ),
    pos(
        0.8,
        rf"\bcop(?:y|ies)\s+of\s+(?:a\s+|the\s+|each\s+|any\s+)?(?:student'?s?\s+|child'?s?\s+)?(?:records?|data|information|file){gap(150)}\bcorrect\w*",
    ),
    trigger=r"\bcop(?:y|ies)\b|\bexports?\b",
)
# "Parents who want to correct their child's information should contact the child's school": a
# referral to the school promises nothing from the vendor, unless the vendor also acts in it.
_REFERRAL = (
    r"^(?!.*\b(?:we|provider|vendor|company|contractor|operator)\s+(?:will|shall|must|agrees?\s+to)\b).*"
    r"\b(?:should|please|must|may|can|need\s+to)\s+(?:\w+\s+)?(?:contact|write\s+to|reach\s+out\s+to|go\s+to|apply\s+to)\s+"
    r"(?:your|the|their|his\s+or\s+her)\s+(?:child's\s+|student's\s+)?(?:school|district|teacher|institution|lea)\b"
)
# "Under FERPA, parents have the right to inspect ...": the law's grant, not the vendor's duty.
_LEGAL_RIGHT = r"^under\s+[^,]{2,60},\s+(?:parents|families|guardians|eligible\s+students|students)\s+(?:have|has|may|are\s+entitled)\b"
PARENT_ACCESS_CORRECTION = excluding(
    with_rules(
        PARENT_ACCESS_CORRECTION,
        # "by producing the records or making the correction"
        pos(
            0.85,
            r"\b(?:produc\w*|provid\w*|supply\w*|furnish\w*)\s+(?:the\s+)?records?\s+(?:or|and|and/or)\s+(?:mak\w*\s+)?(?:the\s+|any\s+)?correct\w*",
        ),
    ),
    f"{_REFERRAL}|{_LEGAL_RIGHT}",
)

RULES = (PARENT_ACCESS_CORRECTION, STUDENT_CONTENT_TRANSFER, DELETION_ON_REQUEST, DISPOSITION_AT_END)
