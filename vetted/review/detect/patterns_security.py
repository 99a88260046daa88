"""Security safeguards, breach notice, audit right, de-identified data, employee confidentiality."""

from __future__ import annotations

from .lexicon import DATA, DATA_PHRASE, DISTRICT, NEG, PERMIT, gap
from .rules import conflict, pos, provision, with_rules

_KEEP_SAFE = r"(?:implement\w*|maintain\w*|employ\w*|use|uses|adopt\w*|establish\w*|take|takes|utili[sz]e\w*|apply|applies|deploy\w*|ha(?:ve|s)\s+in\s+place|put\s+in\s+place)"
_KEEP_SAFE = rf"\b{_KEEP_SAFE}"  # whole words only ("rent" is not in "parent")
_QUALITY = r"(?:reasonable|appropriate|industry[- ]standard|commercially\s+reasonable|administrative|technical|physical|organi[sz]ational|adequate|strong|robust|security|safeguard|best\s+practices?|industry\s+best|sufficient)"
_QUALITY = rf"\b{_QUALITY}"  # whole words only ("rent" is not in "parent")
_MEASURES = r"(?:security|safeguards?|measures|procedures|practices|controls|protections|precautions|programs?|policies|steps|actions|technologies)"
_MEASURES = rf"\b{_MEASURES}"  # whole words only ("rent" is not in "parent")
SECURITY_SAFEGUARDS = provision(
    "security_safeguards",
    r"secur|safeguard|protect|encrypt|confidential",
    pos(0.9, rf"{_KEEP_SAFE}{gap(100)}{_QUALITY}{gap(80)}{_MEASURES}"),
    pos(
        0.85,
        rf"(?:protect|secure|safeguard)\w*{gap(100)}(?:{DATA}|systems){gap(100)}(?:from|against)\s+(?:\w+\s+){{0,2}}(?:unauthori[sz]ed|loss|misuse|theft|disclosure|breach|destruction|alteration)",
    ),
    pos(
        0.85,
        rf"\bencrypt\w*{gap(100)}(?:in\s+transit|at\s+rest|transmission|stored|storage|tls|ssl|aes|https)",
    ),
    pos(
        0.8,
        rf"(?:ensure|protect|maintain|preserve)\w*\s+(?:the\s+)?(?:security|confidentiality|integrity)\s+(?:and\s+(?:the\s+)?(?:confidentiality|integrity|security)\s+)?(?:and\s+\w+\s+)?of\s+{DATA_PHRASE}",
    ),
    pos(
        0.8,
        r"(?:designed|intended|reasonably\s+designed)\s+to\s+(?:ensure|protect|secure|safeguard)\s+(?:the\s+)?(?:security|confidentiality)",
    ),
    pos(
        0.75,
        r"\b(?:nist|iso\s*(?:/iec\s*)?27001|iso\s*27002|soc\s*2|cis\s+controls?)\b[^.;]{0,120}(?:comply|complies|conform|align|accordance|framework|standards?|certif|audited)",
    ),
    pos(
        0.7,
        rf"(?:security|safeguard)\w*{gap(40)}(?:consistent\s+with|in\s+accordance\s+with|that\s+meet|meeting|aligned\s+with)\s+(?:current\s+)?(?:industry|applicable)",
    ),
    # Concrete measures in plain words: "notes are encrypted at the field level", "store the records
    # on encrypted systems", "keep covered information secure".
    pos(
        0.8,
        rf"(?:{DATA}|notes|backups|databases|systems|devices|laptops){gap(40)}\b(?:is|are|will\s+be|shall\s+be|remains?)\s+(?:\w+\s+)?encrypted\b"
        rf"|\b(?:store|stores|keep|keeps|hold|holds|maintain|maintains)\b{gap(60)}\bon\s+encrypted\s+(?:systems|servers|drives|devices|storage|databases|media)"
        rf"|\b(?:keep|keeps|maintain|maintains|hold|holds)\s+{DATA_PHRASE}\s+(?:secure|safe)\b",
    ),
)

_NOTIFY = r"(?:notif\w*|inform\w*|alert\w*|notice|report\w*|communicat\w*|contact)"
_NOTIFY = rf"\b{_NOTIFY}"  # whole words only ("rent" is not in "parent")
_INCIDENT = (
    r"(?:breach\w*|unauthori[sz]ed\s+(?:access|disclosure|release|acquisition|use|exposure)|security\s+incidents?|"
    r"data\s+incidents?|privacy\s+incidents?|incidents?\s+involving|compromise[sd]?|intrusion)"
)
_INCIDENT = rf"\b{_INCIDENT}"  # whole words only ("rent" is not in "parent")
_EVENT = rf"(?:{_INCIDENT}|\bincidents?\b)"
_AMENDED = r"\b(?:is|are)\s+(?:hereby\s+)?(?:amended|replaced|superseded)\b"
_UNPERMITTED = (
    r"\b(?:use|disclosure|release|access)\s+(?:or\s+(?:use|disclosure|release|access)\s+)?(?:of\s+)?[^.;!?]{0,60}?"
    r"\b(?:not\s+(?:permitted|authori[sz]ed|allowed)\s+(?:by|under)|(?:that|which)\s+(?:this|the)\s+\w+\s+does\s+not\s+"
    r"(?:permit|allow|authori[sz]e))|\b(?:used|disclosed|released|accessed)\s+in\s+a\s+(?:way|manner)\s+(?:that\s+)?"
    r"(?:this|the)\s+\w+\s+does\s+not\s+(?:permit|allow|authori[sz]e)"
)
BREACH_NOTIFICATION = provision(
    "breach_notification",
    r"breach|unauthori|incident|compromise|not\s+permitted|not\s+authori|does\s+not\s+(?:permit|allow|authori)",
    pos(0.9, rf"{_NOTIFY}{gap(200)}{_INCIDENT}"),
    pos(0.9, rf"{_INCIDENT}{gap(200)}{_NOTIFY}"),
    # An amendment that swaps the period of the breach section is about the breach notice.
    pos(
        0.6,
        rf"(?:{_EVENT}{gap(150)}{_AMENDED}|{_AMENDED}{gap(200)}{_EVENT}){gap(200)}\b(?:hours?|days?)\b",
    ),
    # "If the Recipient discovers any use or disclosure of Study Data not permitted by this
    # Agreement, ... shall report it": an unpermitted disclosure is a breach in other words.
    pos(0.85, rf"{_UNPERMITTED}{gap(150)}{_NOTIFY}"),
)

_AUDIT = r"(?:audit\w*|inspect\w*|assess\w*|examin\w*|monitor\w*|review\w*|verif\w*|evaluat\w*)"
_AUDIT = rf"\b{_AUDIT}"  # whole words only ("rent" is not in "parent")
AUDIT_RIGHT = provision(
    "audit_right",
    r"audit|inspect|assess|examin|monitor",
    pos(
        0.9,
        rf"{DISTRICT}{gap(60)}(?:may|shall\s+have\s+the\s+right|has\s+the\s+right|have\s+the\s+right|reserves?\s+the\s+right|is\s+entitled|can|will\s+have\s+the\s+right|right){gap(60)}(?:audit|inspect|conduct\s+(?:an?\s+)?(?:audit|inspection|assessment|review))",
    ),
    pos(
        0.9,
        rf"\b(?:allow\w*|permit\w*|cooperat\w*|submits?\s+to|submitting\s+to|provid\w*\s+access|make\s+available|grant\w*\s+access|afford\w*)"
        rf"{gap(120)}(?:audits?|inspections?|assessments?|examinations?)\b(?!\s+(?:records?|results?\s+of\s+students|scores?))",
    ),
    pos(0.85, r"(?:right|subject)\s+to\s+(?:an?\s+)?(?:\w+\s+)?(?:audit|inspection)"),
    pos(
        0.8,
        rf"(?:upon|on|at)\s+(?:the\s+)?(?:\w+\s+)?(?:request|notice){gap(120)}(?:audit|inspection|security\s+assessment|questionnaire|evidence\s+of\s+(?:its\s+)?compliance)",
    ),
    pos(0.75, rf"(?:audits?|inspections?){gap(100)}(?:by|of)\s+(?:the\s+)?{DISTRICT}"),
    # "KPS ... may, on fifteen days' notice, audit Contractor's compliance": whoever may audit the
    # vendor is not the vendor, whatever name the district goes by.
    pos(
        0.85,
        r"\b(?:may|can|(?:has|have|shall\s+have)\s+the\s+right\s+to)\b[^.;!?]{0,120}?\b(?:audit|inspect)\s+(?:the\s+)?"
        r"(?:provider|vendor|contractor|operator|company|supplier|processor|licensor)(?:'s)?\b",
    ),
    pos(
        0.7,
        rf"(?:provide|furnish|make\s+available|share)\w*{gap(60)}(?:audit\s+reports?|soc\s*2|results\s+of\s+(?:its\s+|any\s+|an?\s+)?(?:\w+\s+)?(?:audits?|assessments?|penetration\s+tests?))",
    ),
)

_DEID = r"(?:de-?identified|deidentified|anonymi[sz]ed|aggregated?|pseudonymi[sz]ed|non-?identifiable|non-?personal|de-?identify|de-?identification)"
_DEID = rf"\b{_DEID}"  # whole words only ("rent" is not in "parent")
# A permission to use de-identified data ("may use Aggregated Data for any lawful purpose") is a
# rule on it only when the sentence also limits it or bars re-identification (CONVENTIONS).
_NO_REID_RULE = (
    r"^(?!.*(?:re-?identif|reidentif|identify\s+(?:any\s+|an?\s+)?(?:individual|student|person|user|child)|"
    r"link\w*\s+(?:it\s+|them\s+)?(?:back\s+)?to|re-?associat|reverse[- ]engineer|\bonly\b|\bsolely\b|\bprovided\s+that\b))"
)
# "We do not restrict partners from linking ...": a negated restriction is a permission.
_NOT_RESTRICTED = (
    r"\b(?:not|never|no\s+longer)\s+(?:\w+\s+)?(?:restrict|prohibit|limit|forbid|bar|prevent|stop)\w*\b"
)
DEIDENTIFIED_DATA = provision(
    "deidentified_data",
    r"identif|anonymi|aggregat|pseudonym|non-personal",
    pos(
        0.9,
        rf"{NEG}{gap(60)}(?:re-?identify|reidentify|re-?identification|attempt\w*\s+to\s+(?:re-?)?identify|link\w*(?!\s+(?:in|on|at|below|above|from)\b)|re-?associate|reverse[- ]engineer)",
        unless=_NOT_RESTRICTED,
    ),
    pos(
        0.9,
        r"(?:prohibit\w*|bar\w*|forbid\w*)\s+(?:\w+\s+)?(?:from\s+)?(?:any\s+)?(?:attempt\w*\s+to\s+)?(?:re-?identif\w*)",
    ),
    pos(
        0.8,
        rf"{_DEID}\s+{DATA}{gap(120)}(?:may|can|will|shall|only)\s+(?:only\s+)?(?:be\s+)?(?:used|use|shared|share|transferred|disclosed|retained)",
        unless=_NO_REID_RULE,
    ),
    pos(
        0.8,
        rf"{PERMIT}{gap(40)}(?:use|share|disclose|retain|transfer|create)\s+(?:\w+\s+){{0,2}}{_DEID}\s+(?:\w+\s+)?{DATA}",
        unless=_NO_REID_RULE,
    ),
    pos(
        0.75,
        rf"{_DEID}\s+(?:\w+\s+)?{DATA}{gap(80)}(?:not\s+(?:be\s+)?(?:used|shared|disclosed|transferred)|only\s+(?:be\s+)?(?:used|shared|transferred))",
    ),
    pos(
        0.7,
        rf"(?:remov\w*|strip\w*|delet\w*)\s+(?:all\s+)?(?:direct\s+and\s+indirect\s+)?(?:personal(?:ly)?\s+)?identif\w*{gap(80)}{_DEID}",
    ),
)

_PERSONNEL = r"(?:employees?|staff|personnel|agents|workforce|representatives|team\s+members|individuals?|persons?|contractors|members?\s+of\s+(?:the\s+|its\s+|our\s+)?(?:[\w-]+\s+)?team|researchers?|investigators?)"
_PERSONNEL = rf"\b{_PERSONNEL}"  # whole words only ("rent" is not in "parent")
EMPLOYEE_CONFIDENTIALITY = provision(
    "employee_confidentiality",
    r"employee|staff|personnel|agents|workforce|need to know|need-to-know",
    pos(
        0.9,
        rf"{_PERSONNEL}{gap(150)}(?:confidentiality|non-?disclosure|secrecy)\s+(?:agreements?|obligations?|requirements?|undertakings?|terms|provisions|statements?|pledges?|forms?|acknowledg\w*|commitments?)",
    ),
    pos(
        0.9,
        rf"{_PERSONNEL}{gap(150)}(?:bound\s+by|subject\s+to|sign\w*|execut\w*|agree\w*\s+(?:in\s+writing\s+)?to|obligated\s+to|required\s+to){gap(80)}(?:confidential\w*|privacy|non-?disclosure)",
    ),
    # Training and background checks alone bind no one to confidentiality (CONVENTIONS), so no rule
    # reads them as this provision.
    pos(0.85, rf"(?:confidentiality|non-?disclosure)\s+(?:agreements?|obligations?){gap(100)}{_PERSONNEL}"),
    # "shall sign an acknowledgement that he or she is bound to keep it confidential".
    pos(
        0.85,
        r"\b(?:sign\w*|execut\w*)\s+(?:an?\s+|the\s+)?(?:written\s+)?(?:acknowledg\w*|statement|agreement|undertaking|pledge|"
        r"certification|declaration)\s+(?:that\s+)?[^.;!?]{0,40}?\b(?:bound|agrees?|obligated|promis\w*|undertakes?)\s+to\s+"
        r"(?:keep|hold|maintain|treat)\s+[^.;!?]{0,30}?(?:confidential|in\s+confidence)",
    ),
    pos(
        0.85,
        rf"(?:access|disclos\w*){gap(100)}(?:limited|restricted)\s+to\s+(?:those\s+)?(?:\w+\s+)?{_PERSONNEL}{gap(80)}(?:need|require|legitimate|necessary|purpose)",
    ),
    pos(
        0.8,
        rf"{_PERSONNEL}{gap(80)}(?:need\s+to\s+know|need-to-know|legitimate\s+(?:need|educational\s+interest)|who\s+(?:need|require)\s+(?:such\s+)?access)",
    ),
)


SECURITY_SAFEGUARDS = with_rules(
    SECURITY_SAFEGUARDS,
    pos(0.9, rf"\bprotect\w*{gap(100)}{_QUALITY}{gap(80)}{_MEASURES}"),
    # A concrete safeguard stated as the vendor's practice ("Everything is encrypted", "we use TLS").
    pos(
        0.75,
        rf"\b(?:everything|all\s+(?:\w+\s+)?data|{DATA_PHRASE})\s+(?:\w+\s+){{0,2}}(?:is|are|will\s+be|shall\s+be|remains?)\s+(?:\w+\s+)?encrypted\b",
    ),
    pos(
        0.75,
        r"\b(?:use|uses|using|maintain\w*|employ\w*|implement\w*|appl(?:y|ies)|require\w*|enforce\w*|store\w*\s+(?:\w+\s+){0,3}with)\s+(?:\w+\s+){0,3}(?:encryption|tls|ssl|multi-?factor|two-?factor|hashing|firewalls?|access\s+controls?)\b",
    ),
    trigger=r"tls|ssl|hash|firewall|access control|factor",
)
_NOTIFY_PLAIN = (
    r"(?:tell|tells|told|let\s+(?:\w+\s+){1,4}know|warn\w*|e-?mail|notif\w*|inform\w*|alert\w*|contact|telephone|phone|"
    # "give verbal notice", "send written notice"
    r"(?:give|gives|provide|provides|send|sends|deliver|delivers)\s+(?:\w+\s+){0,2}notice)"
)
_NOTIFY_PLAIN = rf"\b{_NOTIFY_PLAIN}"  # whole words only ("rent" is not in "parent")
_INCIDENT_PLAIN = (
    r"(?:accessed\s+without|without\s+(?:authori[sz]ation|permission)|exposed|exposure|leak\w*|stolen|hack\w*|"
    r"breach\w*|unauthori[sz]ed|incident|in\s+a\s+way\s+(?:that\s+)?(?:this\s+\w+\s+|the\s+\w+\s+)?(?:does|do)\s+not\s+(?:allow|permit))"
)
_INCIDENT_PLAIN = rf"\b{_INCIDENT_PLAIN}"  # whole words only ("rent" is not in "parent")
BREACH_NOTIFICATION = with_rules(
    BREACH_NOTIFICATION,
    pos(0.85, rf"{_NOTIFY_PLAIN}{gap(200)}{_INCIDENT_PLAIN}"),
    pos(0.85, rf"{_INCIDENT_PLAIN}{gap(200)}{_NOTIFY_PLAIN}"),
    trigger=r"without|expos|leak|stolen|hack|not allow|not permit",
)
AUDIT_RIGHT = with_rules(
    AUDIT_RIGHT,
    pos(
        0.9,
        rf"{DISTRICT}{gap(60)}(?:may|shall\s+have\s+the\s+right|has\s+the\s+right|have\s+the\s+right|reserves?\s+the\s+right|is\s+entitled|can|will\s+have\s+the\s+right|right){gap(120)}\b(?:audit|inspect)\b",
    ),
    vendor_duty=False,
)
DEIDENTIFIED_DATA = with_rules(
    DEIDENTIFIED_DATA,
    conflict(
        0.8,
        rf"{PERMIT}{gap(80)}\b(?:re-?identif\w*|reidentif\w*)",
        unless=r"\bnot\b|never|prohibit|no\s+attempt",
    ),
)

DEIDENTIFIED_DATA = with_rules(
    DEIDENTIFIED_DATA,
    conflict(
        0.75,
        rf"(?:do|does|will|shall)\s+not\s+(?:restrict|limit|prohibit|prevent|control)\b{gap(200)}(?:re-?identif\w*|identif\w*\s+(?:\w+\s+){{0,3}}again)",
        clean=False,
    ),
)

# Paraphrases: an audit "in other words", a promise not to find out who a person is, a pledge.
AUDIT_RIGHT = with_rules(
    AUDIT_RIGHT,
    pos(
        0.85,
        rf"{DISTRICT}{gap(60)}(?:may|shall\s+have\s+the\s+right\s+to|has\s+the\s+right\s+to|is\s+entitled\s+to|can|reserves\s+the\s+right\s+to)\s+(?:\w+\s+)?(?:examine|inspect|assess|review|visit|test|verify)\s+(?:the\s+)?(?:[\w-]+'s\s+)?(?:\w+\s+)?(?:facilities|systems|records|procedures|premises|books|security|compliance|controls|operations|practices)",
    ),
    trigger=r"examin|review|visit|verif",
)
DEIDENTIFIED_DATA = with_rules(
    DEIDENTIFIED_DATA,
    pos(
        0.85,
        r"\b(?:no|not|never)\s+(?:\w+\s+)?(?:efforts?|attempts?|try|tries)\s+(?:\w+\s+)?to\s+(?:discover|determine|learn|establish|uncover|find\s+out|work\s+out)\s+(?:the\s+)?(?:identit|who\b|which\s+(?:student|person|individual|pupil|child))",
    ),
    trigger=r"identit|\blink",
)
EMPLOYEE_CONFIDENTIALITY = with_rules(
    EMPLOYEE_CONFIDENTIALITY,
    pos(
        0.85,
        rf"{_PERSONNEL}{gap(100)}(?:sign\w*|execut\w*|agree\w*\s+to)\s+(?:a|an|the|our|its)\s+(?:[\w-]+'s\s+)?(?:\w+\s+){{0,3}}(?:confidentiality|non-?disclosure|secrecy|privacy)\b",
    ),
    trigger=r"member|team|researcher|pledge",
)

RULES = (SECURITY_SAFEGUARDS, BREACH_NOTIFICATION, AUDIT_RIGHT, DEIDENTIFIED_DATA, EMPLOYEE_CONFIDENTIALITY)
