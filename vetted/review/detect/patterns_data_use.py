"""Ownership, use limitation, no sale, no targeted advertising, no profiling, disclosure limits."""

from __future__ import annotations

from .lexicon import CASH_ONLY_SALE, DATA, DATA_PHRASE, DISTRICT, NEG, PERMIT, VENDOR, gap
from .rules import conflict, excluding, pos, provision, with_rules

_OWNER = rf"(?:(?:the\s+)?{DISTRICT}|you|parents?|students?|(?:the\s+)?(?:school|district)'?s?)"
_PROPERTY = r"(?:(?:sole|exclusive|the)\s+)*(?:property|possession|ownership)"
_REMAIN = r"(?:is|are|remains?|shall\s+remain|will\s+remain|continues?\s+to\s+be|shall\s+continue\s+to\s+be|will\s+continue\s+to\s+be|shall\s+be|will\s+be|belongs?|shall\s+belong|will\s+belong|stays?)"

OWNERSHIP = provision(
    "ownership",
    r"own|property|title|belong|control|retains?\s+(?:all\s+)?rights",
    pos(
        0.9, rf"{DATA}{gap(120)}{_REMAIN}\s+(?:at all times\s+)?(?:the\s+)?{_PROPERTY}\s+(?:of|to)\s+{_OWNER}"
    ),
    pos(0.85, rf"{DATA}{gap(80)}(?:belongs?|shall\s+belong|will\s+belong)\s+to\s+{_OWNER}"),
    pos(
        0.85,
        rf"{_OWNER}\s+(?:shall\s+|will\s+|does\s+|do\s+|at all times\s+)*(?:own|owns|retains?|retain|keeps?|maintains?)\s+(?:all\s+|full\s+|sole\s+|exclusive\s+)*(?:right,?\s+title,?\s+and\s+interest|ownership|rights?|title|control){gap(80)}{DATA}",
    ),
    pos(
        0.8,
        rf"\b(?:schools?|districts?|leas?|customers?|educators?|you)\s+(?:own|owns|retain ownership of|control|controls)\s+(?:all\s+|the\s+)?(?:their|your|its)?\s*{DATA_PHRASE}",
    ),
    # "Customer Data is controlled by Customer": control in the passive is the same ownership.
    pos(
        0.8,
        rf"{DATA}\s+(?:is|are|remains?|shall\s+(?:be|remain)|will\s+(?:be|remain))\s+(?:\w+\s+)?controlled\s+(?:solely\s+|exclusively\s+)?by\s+{_OWNER}",
    ),
    pos(
        0.8,
        rf"{VENDOR}\s+{NEG}{gap(30)}(?:own|claim\s+(?:any\s+)?(?:ownership|title|rights?)|obtain\s+(?:any\s+)?(?:ownership|title)|acquire\s+(?:any\s+)?(?:ownership|title|rights?)){gap(60)}{DATA}",
    ),
    pos(
        0.8,
        rf"(?:ownership|control|title)\s+(?:of|to|in)\s+{DATA_PHRASE}{gap(60)}(?:remains?|shall\s+remain|will\s+remain|is\s+retained|vests?|stays?)\s+(?:with|in)\s+{_OWNER}",
    ),
    pos(0.7, rf"{DATA}{gap(100)}under\s+the\s+control\s+of\s+(?:the\s+)?{DISTRICT}"),
    pos(
        0.85, rf"{DATA}{gap(120)}{_REMAIN}\s+(?:at all times\s+)?(?:the\s+)?{_PROPERTY}\s+of{gap(40)}{_OWNER}"
    ),
    pos(
        0.85,
        rf"{DATA}{gap(120)}{_REMAIN}\s+(?:at all times\s+)?(?:the\s+)?{DISTRICT}'s\s+(?:sole\s+|exclusive\s+)?property",
    ),
    pos(
        0.85,
        rf"{DATA}{gap(120)}(?:is|are|remains?|shall\s+be|will\s+be|shall\s+remain)\s+owned\s+(?:solely\s+|exclusively\s+|at all times\s+)?by\s+{_OWNER}",
    ),
    pos(
        0.7,
        rf"{DATA}{gap(120)}(?:remains?|stays?|shall\s+remain|will\s+remain|is|are)\s+under\s+(?:the\s+)?{DISTRICT}'s\s+(?:sole\s+|exclusive\s+)?control",
    ),
    pos(
        0.6, rf"{_OWNER}\s+(?:is|are|remains?|shall\s+remain)\s+the\s+(?:sole\s+)?owners?\s+of{gap(60)}{DATA}"
    ),
    conflict(
        0.8,
        rf"{DATA}{gap(80)}(?:becomes?|shall\s+become|will\s+become|is|are|shall\s+be)\s+the\s+(?:sole\s+|exclusive\s+)*property\s+of\s+(?:the\s+)?(?:provider|vendor|contractor|operator|company|us)\b",
    ),
    conflict(
        0.75,
        rf"\b(?:provider|vendor|contractor|operator|company|we)\s+(?:shall\s+|will\s+)?(?:owns?|retains?\s+(?:all\s+)?ownership\s+of)\s+(?:all\s+)?(?:student|user|customer|your|pupil)\s+{DATA}",
    ),
)

_USE = r"(?:use|uses|used|using|process|processes|processed|processing|access|accesses|accessed|collect|collects|collected|disclose|disclosed|maintain|handle|store)"
_USE = rf"\b{_USE}"  # whole words only ("rent" is not in "parent")
_PURPOSE = r"(?:provid(?:e|es|ing)|perform(?:ing)?|deliver(?:ing)?|operat(?:e|ing)|fulfill(?:ing)?|support(?:ing)?|improv(?:e|ing)|render(?:ing)?|maintain(?:ing)?|run(?:ning)?|offer(?:ing)?|power(?:ing)?|plan(?:ning)?)"
_PURPOSE = rf"\b{_PURPOSE}"  # whole words only ("rent" is not in "parent")
_AUTHORIZED = (
    r"(?:authorized|permitted|set forth|described|specified|required|contemplated|identified|listed|stated)"
)
USE_LIMITATION = provision(
    "use_limitation",
    r"only|solely|exclusively|purpose|other than|except|limited",
    pos(
        0.9,
        rf"{_USE}{gap(120)}\b(?:only|solely|exclusively|strictly)\s+(?:as\s+necessary\s+|to\s+the\s+extent\s+necessary\s+)?(?:for|to|in\s+order\s+to|as\s+needed\s+to|in\s+connection\s+with|in\s+accordance\s+with|as)\s+(?:the\s+)?(?:purposes?|{_PURPOSE}|services?|contract|agreement|school|educational|instructions|authorized|{_AUTHORIZED}|necessary)",
    ),
    pos(
        0.9,
        rf"\b(?:only|solely|exclusively)\s+(?:{_USE}|to\s+{_USE}){gap(80)}(?:for|to|in\s+order\s+to)\s+(?:the\s+)?(?:purposes?|{_PURPOSE}|services?|school|educational)",
    ),
    pos(
        0.9,
        rf"{NEG}{gap(40)}{_USE}{gap(120)}(?:for\s+)?(?:any|another|other|a)\s+(?:\w+\s+){{0,2}}purposes?\s+(?:other\s+than|except|besides|beyond|not\s+(?:authorized|permitted|related|specified))",
    ),
    pos(
        0.85,
        rf"{NEG}{gap(40)}{_USE}{gap(120)}(?:except|other\s+than|beyond\s+what\s+is|outside\s+(?:the\s+)?(?:scope|purposes?))",
    ),
    pos(0.85, r"for\s+no\s+(?:other\s+)?purposes?\s+other\s+than"),
    pos(
        0.8,
        rf"{_USE}{gap(100)}\b(?:limited|restricted|confined)\s+to\s+(?:the\s+)?(?:purposes?|{_PURPOSE}|uses?\s+(?:authorized|permitted|described)|what\s+is\s+(?:necessary|needed)|the\s+services?)",
    ),
    pos(
        0.8,
        rf"{NEG}{gap(40)}{_USE}{gap(80)}for\s+(?:any\s+)?(?:(?:its|their|our)\s+own\s+)?(?:commercial|marketing|non-educational|noneducational|unrelated)\s+purposes?",
    ),
    pos(
        0.7,
        rf"{_USE}{gap(80)}\b(?:only|solely)\s+(?:as|to\s+the\s+extent)\s+(?:{_AUTHORIZED}|necessary|needed)",
    ),
    conflict(
        0.75,
        rf"{VENDOR}\s+{PERMIT}\s+{_USE}\s+{DATA_PHRASE}{gap(60)}for\s+any\s+(?:lawful\s+|legitimate\s+|other\s+)?(?:business\s+)?purposes?(?!\s+(?:other\s+than|except))",
        unless=r"de-?identified|anonymi[sz]ed|aggregat",
    ),
)

_SELL = (
    r"(?:sell|sells|selling|sold|rent|rents|renting|rented|lease|leases|leasing|leased|"
    r"trade(?!\s+secret)|trades(?!\s+secret)|trading(?!\s+secret)|traded|monetize|monetizes|monetizing|monetized|"
    r"barter|(?:the\s+)?sale\s+of|engage\s+in\s+(?:the\s+)?sale|exchange[^.;]{0,60}for\s+(?:money|monetary|"
    r"anything\s+of\s+value|(?:other\s+)?(?:valuable\s+)?consideration))"
)
_SELL = rf"\b{_SELL}"  # whole words only ("rent" is not in "parent")
_MERGER = r"merger|acquisition|acquired|bankruptcy|reorgani[sz]ation|successor|sale\s+of\s+(?:all|substantially|the\s+company|our\s+(?:business|company|assets))|divestiture|change\s+(?:of|in)\s+control"
NO_SALE = provision(
    "no_sale",
    r"sel|sold|sale|rent|leas|trad|monetiz|barter|exchange",
    pos(0.9, rf"{NEG}{gap(60)}{_SELL}{gap(100)}(?:{DATA}|\bit\b|\bthem\b)"),
    pos(0.9, rf"{DATA}{gap(100)}{NEG}{gap(30)}(?:be\s+)?(?:{_SELL})"),
    pos(
        0.9,
        rf"\bno\s+{DATA_PHRASE}{gap(40)}(?:is|are|will|shall|may)\s+(?:ever\s+)?(?:be\s+)?(?:sold|rented|leased|traded)",
    ),
    pos(0.85, rf"{DATA}{gap(80)}\b(?:is|are)\s+(?:never|not)\s+(?:for\s+sale|sold)"),
    pos(
        0.8,
        rf"(?:prohibition|prohibited|ban)\s+(?:on|against|of)\s+(?:the\s+)?(?:sale|selling|renting){gap(40)}{DATA}",
    ),
    pos(
        0.8,
        rf"{NEG}{gap(30)}(?:sell|rent|trade)\s*(?:,|or)?\s*(?:or\s+)?(?:rent|share|disclose|lease)?\s*(?:it|them|anything)\b",
    ),
    conflict(
        0.85,
        rf"{VENDOR}\s+(?:\w+\s+)?{PERMIT}\s+(?:\w+\s+)?(?:sell|rent|lease|trade|monetize)\b{gap(80)}{DATA}",
        unless=_MERGER + r"|de-?identified|anonymi[sz]ed|aggregate",
    ),
    conflict(
        0.85,
        rf"\b(?:we|provider|vendor|company|operator)\s+(?:sell|sells|rent|rents)\s+(?:your|student|personal|user|customer|students')\s{gap(40)}{DATA}",
        unless=_MERGER,
    ),
    conflict(
        0.8,
        rf"nothing\s+in\s+this\s+\w+{gap(60)}(?:prohibit|prevent|restrict|preclude|limit)s?{gap(60)}(?:sale|sell|selling)",
        unless=_MERGER,
        clean=False,
    ),
)

_ADS = r"(?:advertis\w*|ads?\b|marketing|market\s+to)"
_ADS = rf"\b{_ADS}"  # whole words only ("rent" is not in "parent")
_TARGETED = r"(?:targeted|behavio(?:u)?ral(?:ly)?|interest[- ]based|personali[sz]ed|third[- ]party|tailored|contextual|cross[- ](?:site|context)|profile[- ]based)"
_TARGETED = rf"\b{_TARGETED}"  # whole words only ("rent" is not in "parent")
NO_TARGETED_ADVERTISING = provision(
    "no_targeted_advertising",
    r"advertis|\bads?\b|marketing|market to",
    pos(0.9, rf"{NEG}{gap(80)}{_TARGETED}\s+(?:advertis\w*|ads?\b|marketing)"),
    pos(
        0.9,
        rf"{NEG}{gap(60)}(?:use|process|disclose|share|sell|leverage|analy[sz]e){gap(100)}(?:to|for|in)\s+(?:any\s+)?(?:the\s+)?(?:purposes?\s+of\s+)?(?:\w+\s+){{0,2}}(?:advertis\w*|ads\b|marketing)",
    ),
    pos(
        0.85,
        rf"{NEG}{gap(40)}(?:display|show|serve|present|deliver|direct|send|target|sell)\s+(?:any\s+)?(?:\w+\s+){{0,2}}(?:advertis\w*|ads\b|marketing)",
    ),
    pos(
        0.85,
        rf"{NEG}{gap(40)}(?:engage\s+in|conduct|allow|permit){gap(40)}(?:{_TARGETED}\s+)?(?:advertis\w*|ads\b|marketing)",
    ),
    pos(
        0.8,
        rf"{NEG}{gap(40)}(?:advertise|market)\s+(?:\w+\s+){{0,3}}to\s+(?:students|children|pupils|users|minors)",
    ),
    pos(
        0.8,
        rf"\bno\s+(?:{_TARGETED}\s+)?(?:advertis\w*|ads)\b{gap(40)}(?:will|shall|is|are|appear|be|displayed|shown|served)",
    ),
    pos(0.8, r"\b(?:ad-free|advertising-free|free of (?:all )?(?:advertis\w*|ads))\b"),
    pos(0.75, rf"(?:{DATA}|{_ADS}){gap(80)}(?:shall|will|may)\s+not\s+be\s+used\s+(?:to|for){gap(40)}{_ADS}"),
    conflict(
        0.85,
        rf"{PERMIT}{gap(30)}(?:use|share|disclose|provide|sell|process){gap(80)}(?:for|to\s+(?:show|serve|deliver|display))\s+(?:you\s+)?{_TARGETED}\s+(?:advertis\w*|ads)",
        unless=r"de-?identified|aggregat|adult|teacher|parent",
    ),
    conflict(
        0.8,
        rf"{PERMIT}{gap(30)}(?:share|disclose|provide|sell|transfer)\s+{DATA_PHRASE}{gap(40)}(?:with|to)\s+(?:our\s+|third[- ]party\s+)?(?:advertis(?:ers|ing\s+partners|ing\s+networks)|ad\s+(?:networks|partners))",
        unless=r"de-?identified|aggregat",
    ),
    conflict(
        0.8,
        rf"\b(?:we|our\s+partners|third\s+parties)\s+(?:may\s+)?(?:use|serve|display|show|deliver)\s+(?:you\s+)?{_TARGETED}\s+(?:advertis\w*|ads)\b",
        unless=r"de-?identified|aggregat|adult|teacher|parent",
    ),
)

_PROFILE = r"(?:create|build|develop|compile|amass|assemble|construct|generate|maintain|make|use)"
_PROFILE = rf"\b{_PROFILE}"  # whole words only ("rent" is not in "parent")
NO_PROFILING = provision(
    "no_profiling",
    r"profil",
    # "shall not, directly or through any affiliate: use Rider Data ... to create a profile"
    pos(0.9, rf"{NEG}{gap(120)}{_PROFILE}{gap(40)}\bprofiles?\b"),
    pos(0.85, rf"{NEG}{gap(60)}(?:engage\s+in\s+)?profiling"),
    pos(
        0.85, r"\bno\s+(?:\w+\s+)?profiles?\s+(?:will|shall|may)\s+be\s+(?:created|built|developed|compiled)"
    ),
    pos(
        0.8,
        rf"\bprofiles?\b{gap(60)}(?:shall|will|may)\s+not\s+be\s+(?:created|built|developed|compiled|used)",
    ),
    pos(
        0.7,
        rf"{_PROFILE}{gap(40)}\bprofiles?\b{gap(80)}(?:only|solely)\s+(?:for|in\s+furtherance\s+of)\s+(?:school|educational|instructional|the\s+services)",
    ),
    conflict(
        0.8,
        rf"{VENDOR}\s+{PERMIT}\s+(?:\w+\s+)?{_PROFILE}\s+(?:\w+\s+)?profiles?{gap(80)}(?:advertis|marketing|commercial|sell)",
    ),
)

_SHARE = r"(?:disclose|discloses|disclosed|share|shares|shared|transfer|transfers|release|releases|provide|make\s+available|distribute|transmit|sell|give|rent)"
_SHARE = rf"\b{_SHARE}"  # whole words only ("rent" is not in "parent")
_SUBPROC = r"(?:sub-?processors?|sub-?contractors?|service\s+providers?|vendors?|third[- ]part(?:y|ies)|agents|affiliates|partners|recipients?|contractors|assignees|successors?)"
_SUBPROC = rf"\b{_SUBPROC}"  # whole words only ("rent" is not in "parent")
_EQUAL = r"(?:same|similar|equivalent|consistent|no\s+less|at\s+least\s+as|comparable|substantially\s+similar|materially\s+similar|those\s+(?:in|of|set\s+forth)|the\s+terms|terms\s+of\s+this|restrictions|obligations|confidentiality|protections|requirements)"
THIRD_PARTY_DISCLOSURE = provision(
    "third_party_disclosure",
    r"disclos|shar|transfer|releas|third|sub-?process|subcontract|service provider|recipient|make available|provide",
    pos(
        0.85,
        rf"{NEG}{gap(40)}{_SHARE}{gap(120)}(?:third[- ]part(?:y|ies)|others|anyone|any\s+(?:person|entity|party)|outside|unaffiliated|any\s+other){gap(120)}(?:except|unless|other\s+than|without|but\s+only)",
    ),
    pos(
        0.85,
        rf"{NEG}{gap(40)}{_SHARE}{gap(120)}without\s+(?:the\s+)?(?:prior\s+)?(?:written\s+)?(?:consent|authori[sz]ation|permission|approval)",
    ),
    pos(0.85, rf"{NEG}{gap(40)}{_SHARE}\s+{DATA_PHRASE}{gap(80)}(?:except|unless|other\s+than)"),
    pos(
        0.85,
        rf"{_SUBPROC}{gap(150)}(?:bound\s+by|subject\s+to|agree\w*\s+(?:in\s+writing\s+)?to|required\s+to|obligated\s+to|contractually|comply\s+with|adhere\s+to|abide\s+by|written\s+(?:agreement|contract)s?|hold\s+them\s+to){gap(100)}{_EQUAL}",
    ),
    pos(
        0.8,
        rf"(?:ensure|require|obligate|bind)s?\s+(?:that\s+)?(?:its|our|all|any|each)?\s*{_SUBPROC}{gap(100)}(?:comply|abide|adhere|protect|maintain|are\s+bound|to\s+be\s+bound|agree|honor|observe)",
    ),
    pos(0.8, rf"\b(?:only|solely)\s+{_SHARE}{gap(80)}(?:with|to)\s+(?:our\s+|its\s+|the\s+)?{_SUBPROC}"),
    pos(
        0.8,
        rf"{_SHARE}{gap(100)}(?:with|to)\s+(?:\w+\s+)?{_SUBPROC}{gap(100)}(?:who|that|which)\s+(?:have\s+)?(?:agreed|are\s+bound|are\s+required|are\s+contractually|are\s+obligated|must)",
    ),
    pos(
        0.75,
        rf"(?:disclosures?|sharing|transfer)\s+(?:of\s+{DATA_PHRASE}\s+)?(?:is|are|shall\s+be|will\s+be)\s+limited\s+to",
    ),
    pos(
        0.7,
        rf"{NEG}{gap(40)}(?:disclose|share|release|transfer)\s+{DATA_PHRASE}\s+(?:to|with)\s+(?:any\s+)?(?:third[- ]part(?:y|ies)|others|anyone)",
    ),
    conflict(
        0.8,
        rf"{PERMIT}{gap(20)}{_SHARE}\s+{DATA_PHRASE}{gap(60)}(?:with|to)\s+(?:third[- ]parties|partners|affiliates|others|advertisers){gap(60)}for\s+(?:their\s+own|its\s+own|any)\s+(?:\w+\s+)?purposes?",
        unless=r"de-?identified|aggregat|anonymi",
    ),
)


# Plain-language phrasings from privacy policies and short addenda.
USE_LIMITATION = with_rules(
    USE_LIMITATION,
    pos(
        0.85,
        rf"\b{_USE}\s+(?:\S+\s+){{0,6}}?(?:only|solely|exclusively)\s+(?:to|for|in\s+order\s+to|as\s+needed\s+to)\s",
    ),
    pos(0.8, rf"\b(?:only|solely|exclusively)\s+{_USE}\b{gap(60)}\b(?:to|for)\s"),
    pos(
        0.8,
        rf"{_USE}{gap(120)}(?:for\s+nothing\s+else|for\s+no\s+other\s+(?:\w+\s+)?purposes?|and\s+no\s+other\s+purposes?|for\s+no\s+other\s+reason)",
    ),
    trigger=r"nothing else",
)
NO_TARGETED_ADVERTISING = with_rules(
    NO_TARGETED_ADVERTISING,
    pos(0.85, rf"{NEG}{gap(60)}\bus(?:e|es|ing)\b{gap(150)}\b(?:advertis\w*|ads|marketing)\b"),
    conflict(
        0.8,
        rf"\b(?:use|uses|using)\b{gap(100)}\bto\s+(?:choose|select|pick|decide|target|personali[sz]e|tailor|customi[sz]e)\s+(?:which\s+)?(?:\w+\s+)?(?:ads|advertis\w*)",
        unless=r"de-?identified|anonymi",
    ),
    conflict(
        0.75,
        rf"\b(?:ads|advertis\w*)\b{gap(60)}(?:relevant|tailored|targeted|personali[sz]ed)\s+to\s+(?:their|your|the\s+user's|each\s+\w+'s)\s+interests",
    ),
)
THIRD_PARTY_DISCLOSURE = with_rules(
    THIRD_PARTY_DISCLOSURE,
    pos(0.85, rf"\b{_SHARE}\s+(?:\S+\s+){{0,4}}?(?:only|solely|exclusively)\s+(?:with|to)\s"),
    pos(
        0.85,
        rf"{_SUBPROC}{gap(150)}(?:sign\w*|promis\w*|commit\w*|agree\w*){gap(100)}(?:as\s+carefully|as\s+strict|as\s+protective|at\s+least\s+as|same|equivalent|no\s+less)",
    ),
    conflict(
        0.8,
        rf"{PERMIT}\s+(?:\w+\s+)?(?:sell|license|rent|lease)\w*{gap(120)}(?:to|with)\s+(?:\w+\s+)?(?:third[- ]parties|partners|marketers|advertisers|data\s+brokers|others|companies)",
        unless=r"de-?identified|anonymi|merger|acquisition|successor",
    ),
    conflict(
        0.8,
        rf"{PERMIT}{gap(20)}{_SHARE}{gap(150)}(?:third[- ]parties|partners|advertisers|marketers|data\s+brokers){gap(150)}(?:for\s+(?:their|its)\s+own|their\s+own\s+purposes|for\s+any\s+purpose|marketing|advertising)",
        unless=r"de-?identified|anonymi",
    ),
)

NO_TARGETED_ADVERTISING = with_rules(
    NO_TARGETED_ADVERTISING,
    conflict(
        0.8,
        rf"\b(?:use|uses|using)\b{gap(120)}\bto\s+(?:show|serve|display|deliver|send|present)\s+(?:you\s+|users\s+|players\s+|students\s+)?(?:\w+\s+){{0,2}}(?:ads|advertis\w*)",
        unless=r"de-?identified|anonymi",
    ),
)


THIRD_PARTY_DISCLOSURE = with_rules(
    THIRD_PARTY_DISCLOSURE,
    # "shall not disclose the Data ... to anyone outside the research team"
    pos(
        0.85,
        rf"{NEG}{gap(40)}{_SHARE}{gap(120)}\b(?:anyone|any\s+(?:person|one|party|entity|organi[sz]ation)|others)\s+(?:who\s+is\s+)?(?:outside|beyond|not\s+(?:named|listed|authori[sz]ed|approved))\b",
    ),
)

# Paraphrases in plain words: "the school is its owner", "remains under the authority of the
# District", "hand a child's information over for money", "a portrait of a student's habits".
OWNERSHIP = with_rules(
    OWNERSHIP,
    pos(
        0.8,
        rf"{_OWNER}\s+(?:is|are|remains?|shall\s+remain|will\s+remain)\s+(?:its|their|the)\s+(?:sole\s+|only\s+)?owners?\b",
    ),
    pos(
        0.8,
        rf"{DATA}{gap(80)}(?:remains?|shall\s+remain|will\s+remain|stays?|is|are)\s+under\s+the\s+(?:sole\s+)?(?:authority|control|direction)\s+of\s+(?:the\s+)?{DISTRICT}",
    ),
    trigger=r"owner|authority",
)
NO_SALE = with_rules(
    NO_SALE,
    pos(
        0.8,
        rf"{NEG}{gap(30)}(?:hand|give|pass|trade|turn|swap|exchange)\w*{gap(60)}\bfor\s+(?:money|payment|cash|profit|anything\s+of\s+value)",
    ),
    trigger=r"money|payment|cash|profit",
)
NO_PROFILING = with_rules(
    NO_PROFILING,
    pos(
        0.8,
        rf"{NEG}{gap(40)}(?:draw\w*\s+up|assembl\w*|build\w*|compil\w*|creat\w*|keep\w*|put\w*\s+together){gap(40)}\b(?:portraits?|pictures?|dossiers?|sketch\w*)\s+of{gap(60)}\b(?:habits|interests|personalit\w*|behaviou?rs?|preferences|traits)",
    ),
    trigger=r"portrait|picture|dossier|sketch",
)

# "Nothing in this DPA permits the Provider to sell ..." is a prohibition, not a permission.
_NOTHING_PERMITS = r"nothing\s+in\s+(?:this|the)\s+\w+\s+(?:shall\s+)?(?:permits?|allows?|authori[sz]es?|entitles?|be\s+construed\s+to\s+(?:permit|allow|authori[sz]e))"
NO_SALE = with_rules(NO_SALE, pos(0.85, rf"{_NOTHING_PERMITS}{gap(80)}\b(?:sell|rent|lease|trade|monetize)"))
NO_TARGETED_ADVERTISING = with_rules(
    NO_TARGETED_ADVERTISING, pos(0.85, rf"{_NOTHING_PERMITS}{gap(150)}\b(?:advertis\w*|ads|marketing)\b")
)

# "You keep ownership of the drawings you create" is about a user's own work (student content),
# not the school's ownership of student data.
OWNERSHIP = excluding(
    OWNERSHIP,
    r"^(?!.*\b(?:data|information|records)\b)(?=.*\b(?:you|users?|students?|pupils?|children|creators?)\s+(?:\w+\s+)?"
    r"(?:keep|keeps|retain|retains|own|owns)\b).*\b(?:content|work|drawings|creations|projects|designs|files|portfolios?|submissions)\b",
)

NO_SALE = excluding(NO_SALE, CASH_ONLY_SALE)  # a cash-only promise (lexicon.CASH_ONLY_SALE)

RULES = (OWNERSHIP, USE_LIMITATION, NO_SALE, NO_TARGETED_ADVERTISING, NO_PROFILING, THIRD_PARTY_DISCLOSURE)
