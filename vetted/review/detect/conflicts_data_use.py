"""Reservations of the opposite for the data-use provisions: selling, ads, profiles, sharing, licences.

Consumer privacy policies rarely say "Provider may sell"; they say "we share information with our
advertising partners", "we use what you do to show you interest-based ads", "you grant us a
perpetual licence". Each family below is one way of saying the vendor keeps that freedom.
"""

from __future__ import annotations

from .lexicon import DATA, DATA_PHRASE, PERMIT, gap
from .rules import Rule, conflict

# The vendor as the subject of a permission or a plain present-tense practice.
_WE = r"\b(?:we|us|provider|vendor|company|operator|contractor|licensor)\b"
_MAYBE = (
    rf"(?:\s+(?:also|sometimes|occasionally|and\s+our\s+(?:\w+\s+)?partners))?\s+(?:{PERMIT}\s+)?(?:\w+\s+)?"
)
# Recipients whose very presence makes a disclosure commercial.
_AD_RECIPIENTS = (
    r"(?:advertis(?:ers|ing\s+(?:and\s+\w+\s+)?(?:partners|networks|companies|platforms|vendors))|ad\s+(?:network\s+)?(?:networks|partners|"
    r"platforms|exchanges|tech\s+(?:companies|partners))|data\s+brokers|marketing\s+(?:and\s+\w+\s+)?partners|"
    r"marketers|sponsors|sponsorship\s+partners|lead[- ]generation\s+(?:partners|companies)|"
    r"(?:third[- ]part(?:y|ies)|partners|companies)\s+(?:for|to\s+use\s+for)\s+(?:their\s+own\s+)?(?:marketing|advertising))"
)
_AD_RECIPIENTS = rf"\b{_AD_RECIPIENTS}"  # whole words only ("rent" is not in "parent")
_SHARE_VERB = (
    r"(?:share|shares|sharing|disclose|discloses|provide|provides|transfer|transfers|make\s+available|"
    r"makes\s+available|sell|sells|sold|rent|rents|rented|license|licenses|pass|passes|give|gives|send|sends)"
)
_SHARE_VERB = rf"\b{_SHARE_VERB}"  # whole words only ("rent" is not in "parent")
_ONLY_SAFE = r"de-?identified|deidentified|anonymi[sz]ed|aggregat|\bno\s+personal|cannot\s+identify"
_NOT_STUDENTS = r"\b(?:adult|teachers?'?\s+(?:own\s+)?(?:marketing|account)|website\s+visitors|marketing\s+(?:web)?site)\b"
_OWN_ENDS = r"(?:their|its)\s+own\s+(?:\w+\s+){0,2}?(?:purposes|use|marketing|advertising|business)"
_ANY_PURPOSE = (
    r"(?:any|whatever)\s+(?:\w+\s+)?(?:purpose|reason)s?\b(?!\s+(?:other\s+than|except|described|listed))"
)
_MERGER = r"merger|acquisition|acquired|bankruptcy|successor|change\s+(?:of|in)\s+control|sale\s+of\s+(?:all|substantially|our)"

# "perpetual, irrevocable, worldwide licence ... for any purpose": the vendor may use student work as its own.
_LICENSE = (
    r"\b(?:grant|grants|give|gives|granting)\s+(?:to\s+)?(?:us|the\s+company|provider|\w+)\b"
    rf"{gap(80)}\b(?:perpetual|irrevocable)\b{gap(120)}\blicen[cs]e\b{gap(200)}"
    r"(?:any\s+(?:\w+\s+)?(?:purpose|reason|media|manner)|commercial|promot\w*|advertis\w*|marketing|sub-?licens\w*|derivative)"
)
_LICENSE_LIMITED = (
    r"\b(?:solely|only)\s+(?:to|for)\s+(?:provid|operat|run|deliver)|ends\s+when|terminates\s+when"
    # A licence over the user's feedback or suggestions covers no student content.
    r"|^(?!.*\b(?:content|work|submissions?|uploads?|creations|materials|data|information)\b).*\b(?:feedback|suggestions?)\b"
)

SALE: tuple[Rule, ...] = (
    conflict(0.85, rf"{_WE}{_MAYBE}(?:sell|sells|sold|rent|rents|rented)\b{gap(80)}{DATA}", unless=_MERGER + "|" + _ONLY_SAFE),
    conflict(0.85, rf"{DATA}{gap(60)}(?:may|can|will|could)\s+(?:also\s+)?be\s+(?:sold|rented|traded)\b", unless=_MERGER + "|" + _ONLY_SAFE),
    conflict(0.8, rf"{_WE}\s+(?:\w+\s+)?(?:receive|receives|earn|earns|get|gets)\s+(?:\w+\s+)?(?:money|payment|compensation|revenue|fees?)\s+(?:\w+\s+){{0,3}}(?:for|in\s+exchange\s+for|from)\s+(?:sharing|providing|disclosing|making){gap(60)}{DATA}", unless=_ONLY_SAFE),
    conflict(0.8, rf"\bhave\s+(?:sold|rented)\s+(?:the\s+following\s+)?(?:categories\s+of\s+)?(?:{DATA_PHRASE}|(?:[\w-]+\s+){{0,3}}?identifiers)", unless=_ONLY_SAFE),
)  # fmt: skip

# Handing data to advertisers is a disclosure conflict; it is a targeted-ads conflict only when
# the text says the data is used to aim ads (patterns_data_use has those).
_TO_ADVERTISERS = conflict(0.8, rf"{_WE}{_MAYBE}{_SHARE_VERB}\s+(?:\S+\s+){{0,8}}?(?:with|to)\s+(?:our\s+|certain\s+|trusted\s+|selected\s+|third[- ]party\s+)*{_AD_RECIPIENTS}", unless=_ONLY_SAFE + "|" + _NOT_STUDENTS)  # fmt: skip
ADS: tuple[Rule, ...] = (
    conflict(0.8, rf"(?:interest[- ]based|personali[sz]ed|targeted|behavio(?:u)?ral|tailored|cross[- ](?:site|context))\s+(?:advertis\w*|ads)\b{gap(80)}(?:we|our\s+partners|third\s+parties|advertisers)\s+(?:may\s+)?(?:use|collect|show|serve|deliver)", unless=_ONLY_SAFE + "|" + _NOT_STUDENTS),
    conflict(0.8, rf"{_WE}{_MAYBE}(?:engage|participate)\s+in\s+(?:interest[- ]based|personali[sz]ed|targeted|behavio(?:u)?ral|cross[- ]context\s+behavioral)\s+(?:advertis\w*|ads)", unless=_NOT_STUDENTS),
    conflict(0.75, rf"(?:advertis(?:ers|ing\s+partners|ing\s+networks)|ad\s+(?:networks|partners))\s+(?:may|can|also)?\s*(?:collect|use|place|set|receive|access)\b{gap(80)}(?:cookies|{DATA}|identifiers|activity)", unless=_ONLY_SAFE + "|" + _NOT_STUDENTS),
)  # fmt: skip

# Ads or promotions aimed by what a person did: the word classes, not one vendor's phrase.
_AD_NOUN = r"\b(?:ads|advertisements|adverts|advertising|promotions|promotional\s+(?:offers|content|messages)|sponsored\s+(?:content|posts|messages|offers))"
_AIMED = r"(?:chosen|selected|picked|tailored|targeted|personali[sz]ed|matched|customi[sz]ed)"
_BASIS = r"(?:on\s+the\s+basis\s+of|based\s+(?:on|upon)|using|according\s+to|in\s+light\s+of)"
_TRACE = (
    r"(?:activity|activities|history|results|interests|behaviou?r|usage|progress|answers|scores|profiles?|"
    + DATA
    + ")"
)
_NEGATED = r"\b(?:not|never|no)\b|n't\b|\bprohibit|\bwithout\b"
_AIMED_ADS: tuple[Rule, ...] = (
    conflict(0.8, rf"{_AD_NOUN}\s+(?:\w+\s+){{0,3}}?{_AIMED}\s+(?:\w+\s+)?{_BASIS}\s+{gap(50)}{_TRACE}", unless=_NEGATED + "|" + _ONLY_SAFE + "|" + _NOT_STUDENTS),
    conflict(0.8, rf"\b(?:select|choose|pick|tailor|target|personali[sz]e|customi[sz]e)\w*\s+(?:\w+\s+){{0,3}}?{_AD_NOUN}{gap(60)}{_BASIS}\s+{gap(50)}{_TRACE}", unless=_NEGATED + "|" + _ONLY_SAFE + "|" + _NOT_STUDENTS),
    conflict(0.8, rf"{_AD_NOUN}\s+(?:that|which)\s+(?:match|matches|reflect|reflects|fit|fits|suit|suits)\s+(?:your|their|his|her|the\s+\w+'s|each\s+\w+'s)\s+(?:\w+\s+)?interests", unless=_NEGATED + "|" + _NOT_STUDENTS),
    conflict(0.75, r"\b(?:show|shows|serve|serves|display|displays|deliver|delivers)\s+(?:you\s+|them\s+|users\s+|students\s+)?(?:more\s+)?relevant\s+(?:ads|advertis\w*|promotions)", unless=_NEGATED + "|" + _NOT_STUDENTS),
)  # fmt: skip
ADS = ADS + _AIMED_ADS

# A profile kept to pick offers or ads is a commercial profile, whoever's partner shows them.
_COMMERCIAL_PROFILE: tuple[Rule, ...] = (
    conflict(0.8, r"\b(?:build|builds|building|create|creates|develop|develops|compile|compiles|maintain|maintains)\s+(?:an?\s+|the\s+)?(?:interest|interests|advertising|marketing|behaviou?ral|consumer|commercial)\s+profiles?\b", unless=_NEGATED + "|" + _ONLY_SAFE),
    conflict(0.75, rf"\bprofiles?\b{gap(80)}\b(?:to|so\s+(?:that\s+)?(?:we|they|our\s+partners)\s+can|(?:which|that)\s+(?:we|they)\s+use\s+to)\s+(?:\w+\s+){{0,2}}?(?:suggest|choose|select|target|show|recommend|serve|pick)\w*\s+(?:\w+\s+){{0,4}}?(?:offers|ads|advertis\w*|promotions)\b", unless=_NEGATED + "|" + _ONLY_SAFE),
)  # fmt: skip

PROFILING: tuple[Rule, ...] = _COMMERCIAL_PROFILE + (
    conflict(0.8, rf"{PERMIT}\s+(?:\w+\s+)?(?:combine|link|merge|match|connect)\w*{gap(150)}(?:\bprofiles?\b|infer\w*|learn\s+more\s+about\s+(?:you|users|students)|interests)", unless=_ONLY_SAFE),
    conflict(0.8, rf"{_WE}{_MAYBE}(?:infer|infers|derive|derives|deduce|predict|predicts)\s+(?:\w+\s+){{0,2}}(?:interests|preferences|characteristics|traits|behaviou?r|likely\s+\w+)", unless=_ONLY_SAFE),
    conflict(0.8, rf"{PERMIT}\s+(?:\w+\s+)?(?:use|share|sell|disclose)\w*{gap(60)}\bprofiles?\b{gap(100)}(?:purposes\s+(?:beyond|other\s+than|outside)|our\s+own|market\s+research|marketing|advertis\w*|recruit\w*|commercial|{_ANY_PURPOSE})", unless=_ONLY_SAFE),
    conflict(0.75, rf"{_WE}{_MAYBE}(?:build|create|develop|compile|maintain)\s+(?:\w+\s+){{0,2}}profiles?\b{gap(100)}(?:advertis\w*|marketing|commercial|recruit\w*|partners|third\s+parties|{_ANY_PURPOSE})", unless=_ONLY_SAFE),
)  # fmt: skip

DISCLOSURE: tuple[Rule, ...] = (
    _TO_ADVERTISERS,
    conflict(0.8, rf"{_WE}{_MAYBE}{_SHARE_VERB}{gap(150)}(?:with|to)\s+(?:our\s+)?(?:affiliates|partners|third[- ]parties|others|anyone){gap(100)}(?:for\s+{_ANY_PURPOSE}|for\s+{_OWN_ENDS}|at\s+(?:our|its)\s+(?:sole\s+)?discretion|without\s+(?:your\s+|further\s+)?(?:consent|notice|restriction))", unless=_ONLY_SAFE + "|" + _MERGER),
    conflict(0.8, rf"{_WE}\s+(?:\w+\s+)?{PERMIT}\s+(?:\w+\s+)?(?:sell|rent)\b{gap(80)}{DATA}", unless=_ONLY_SAFE + "|" + _MERGER),
    conflict(0.75, rf"\b(?:partners|sponsors|advertisers|recruiters|employers|third\s+parties|data\s+brokers)\s+(?:will\s+|may\s+|also\s+|can\s+)?(?:receive|obtain|get|access|buy|purchase)\b{gap(120)}{DATA_PHRASE}{gap(120)}(?:contact|market|advertis|their\s+own|recruit)", unless=_ONLY_SAFE + r"|\bonly\b|\bsolely\b|bound|contract"),
)  # fmt: skip

USE: tuple[Rule, ...] = (
    conflict(0.8, rf"{PERMIT}\s+(?:\w+\s+)?(?:use|process|analy[sz]e|exploit)\b{gap(120)}(?:for\s+purposes\s+(?:beyond|other\s+than|outside)|for\s+our\s+own\s+(?:\w+\s+)?(?:purposes|marketing|market\s+research|commercial|business)|for\s+market\s+research|to\s+(?:market|advertise|promote)\s+(?:our|other|third)|for\s+(?:commercial|marketing)\s+purposes)", unless=_ONLY_SAFE + r"|\bprofiles?\b"),
    conflict(0.8, _LICENSE, unless=_LICENSE_LIMITED),
)  # fmt: skip

OWNERSHIP: tuple[Rule, ...] = (
    conflict(0.8, _LICENSE, unless=_LICENSE_LIMITED),
    conflict(0.8, r"\b(?:you|users?|schools?|customers?)\s+(?:hereby\s+)?(?:assign|assigns|transfer|transfers)\s+(?:to\s+(?:us|the\s+company)\s+)?(?:all\s+)?(?:right,?\s+title|ownership|rights?\s+in)"),
    conflict(0.75, rf"{_WE}\s+(?:own|owns|retain\s+ownership\s+of)\s+(?:all\s+)?(?:\w+\s+)?{DATA}\s+(?:that\s+)?(?:we\s+collect|collected|you\s+(?:submit|upload|provide)|generated)"),
)  # fmt: skip

# provision -> (extra trigger, rules)
CONFLICTS: dict[str, tuple[str | None, tuple[Rule, ...]]] = {
    "no_sale": (r"compensat|payment|revenue", SALE),
    "no_targeted_advertising": (r"sponsor|broker|promotion", ADS),
    "no_profiling": (r"infer|combin|predict|deriv|deduc", PROFILING),
    "third_party_disclosure": (r"partner|advertis|sponsor|broker|affiliat|receive", DISCLOSURE),
    "use_limitation": (r"licen|market|commercial|research|beyond", USE),
    "ownership": (r"licen|assign", OWNERSHIP),
}
