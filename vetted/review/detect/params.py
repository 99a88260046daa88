"""Parameters: breach notice in hours, disposition in days, governing law as a state code."""

from __future__ import annotations

import re

from .prefilter import Screened

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "a": 1, "an": 1, "one hundred": 100,
}  # fmt: skip
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_WORD_NUMBER = (
    r"(?:(?:one|two|three)\s+hundred(?:\s+(?:and\s+)?)?)?"
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|"
    r"zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|hundred)"
)
_NUMBER = rf"(?:(?P<word>{_WORD_NUMBER})\s*(?:\(\s*(?P<paren>\d{{1,4}})\s*\))?|(?P<digits>\d{{1,4}})|(?P<article>an?))"
# "one (1) calendar year", "two calendar months": the qualifier changes nothing but the words.
_UNIT = (
    r"(?P<unit>business\s+days?|working\s+days?|calendar\s+days?|days?|hours?|hrs?|"
    r"(?:calendar\s+)?(?:weeks?|months?|years?))"
)
# "thirty (30) days", and the other way round, "30 (thirty) days"
DURATION = re.compile(rf"\b{_NUMBER}\s*(?:\(\s*(?:\d{{1,4}}|{_WORD_NUMBER})\s*\)\s*)?[- ]?{_UNIT}\b")
# "no later than the sixtieth (60th) day after termination", "the 30th day"
_DURATIONS = Screened(DURATION.pattern)  # for finditer over a whole sentence, which often has none
_ORDINAL_DAY = Screened(
    r"\b(?:(?P<oword>(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ])?[a-z]+?(?:th|st|nd|rd))"
    r"(?:\s*\(\s*(?P<oparen>\d{1,4})(?:st|nd|rd|th)\s*\))?|(?P<odigits>\d{1,4})(?:st|nd|rd|th))"
    r"\s+(?:calendar\s+|business\s+)?day\b"
)
_ORDINAL_STEMS = {
    "first": "one", "second": "two", "third": "three", "fifth": "five", "eighth": "eight", "ninth": "nine",
    "twelfth": "twelve",
}  # fmt: skip


def _ordinal_value(m: re.Match[str]) -> int | None:
    if m.group("oparen"):
        return int(m.group("oparen"))
    if m.group("odigits"):
        return int(m.group("odigits"))
    words = m.group("oword").replace("-", " ").split()
    last = words[-1]
    if last in _ORDINAL_STEMS:
        last = _ORDINAL_STEMS[last]
    elif last.endswith("ieth"):
        last = last[:-4] + "y"  # "sixtieth" -> "sixty"
    elif last.endswith("th"):
        last = last[:-2]  # "fifteenth" -> "fifteen"
    else:
        return None
    if last not in _UNITS and last not in _TENS or last in ("a", "an"):
        return None
    return word_to_int(" ".join([*words[:-1], last]))


def word_to_int(text: str) -> int | None:
    text = text.strip().lower().replace("-", " ")
    if text in _UNITS:
        return _UNITS[text]
    total = 0
    parts = text.split()
    i = 0
    if len(parts) >= 2 and parts[1] == "hundred":
        total += _UNITS.get(parts[0], 1) * 100
        i = 2
        if i < len(parts) and parts[i] == "and":
            i += 1
    elif parts and parts[0] == "hundred":
        total, i = 100, 1
    rest = parts[i:]
    if rest:
        if rest[0] in _TENS:
            total += _TENS[rest[0]]
            if len(rest) > 1:
                total += _UNITS.get(rest[1], 0)
        elif rest[0] in _UNITS:
            total += _UNITS[rest[0]]
        else:
            return None
    return total or None


def _value(m: re.Match[str]) -> int | None:
    if m.group("paren"):
        return int(m.group("paren"))
    if m.group("digits"):
        return int(m.group("digits"))
    if m.group("word"):
        return word_to_int(m.group("word"))
    return 1 if m.group("article") else None


def durations(norm: str) -> list[tuple[int, float]]:
    """(position, hours) for each duration in a normalized sentence."""
    return [(start, hours) for start, _, hours in duration_spans(norm)]


def duration_spans(norm: str) -> list[tuple[int, int, float]]:
    """(start, end, hours) for each duration in a normalized sentence, in order."""
    out: list[tuple[int, int, float]] = []
    for m in _ORDINAL_DAY.finditer(norm):
        n = _ordinal_value(m)
        if n is not None:
            out.append((m.start(), m.end(), n * 24.0))
    for m in _DURATIONS.finditer(norm):
        n = _value(m)
        if n is None:
            continue
        unit = m.group("unit")
        if unit.startswith(("hour", "hr")):
            hours = float(n)
        elif unit.startswith(("business", "working")):
            hours = n * 24.0
        elif unit.endswith(("week", "weeks")):
            hours = n * 168.0
        elif unit.endswith(("month", "months")):
            hours = n * 720.0
        elif unit.endswith(("year", "years")):
            hours = n * 8760.0
        else:
            hours = n * 24.0
        out.append((m.start(), m.end(), hours))
    return sorted(out)


# Template blanks: "[State]", "[Number]", "[insert number]", "____". They become one word, so a
# rule still reads the clause ("the laws of the State of placeholder") and no value is taken.
PLACEHOLDER = "placeholder"
_BLANK = re.compile(
    r"\[\s*(?:[a-z#]{0,12}\s*){0,3}(?:state|number|no\.|days?|hours?|name|date|jurisdiction|amount|x+|#+|_+|\s*)\s*\]"
    r"|\[\s*insert[^\]]{0,40}\]|\{\{[^}]{1,30}\}\}|_{3,}|\bx{2,}\b"
)
_BLANK_PARAM = {
    "breach_notification": re.compile(
        rf"{PLACEHOLDER}\s*(?:\(\s*{PLACEHOLDER}\s*\)\s*)?[- ]?(?:business\s+|calendar\s+)?(?:hours?|days?)"
    ),
    "disposition_at_end": re.compile(
        rf"{PLACEHOLDER}\s*(?:\(\s*{PLACEHOLDER}\s*\)\s*)?[- ]?(?:business\s+|calendar\s+)?(?:days?|months?|weeks?)"
    ),
    "governing_law": re.compile(rf"(?:state|commonwealth|laws?)\s+of\s+(?:the\s+)?{PLACEHOLDER}"),
}


def mark_placeholders(norm: str) -> str:
    return (
        _BLANK.sub(PLACEHOLDER, norm) if ("[" in norm or "_" in norm or "{" in norm or "xx" in norm) else norm
    )


def placeholder_value(provision: str, norm: str) -> bool:
    """True if the provision's value in this clause is a template blank."""
    pattern = _BLANK_PARAM.get(provision)
    return pattern is not None and PLACEHOLDER in norm and pattern.search(norm) is not None


# A promise that lives in another document: "as described in our Privacy Policy", "the security
# terms of the Master Agreement are incorporated by reference". Internal references ("Section
# 4.6", "Exhibit G") are part of the document and do not count here.
BY_REFERENCE = Screened(
    r"\bincorporated\s+(?:herein\s+|into\s+this\s+\w+\s+)?by\s+reference\b"
    r"|\b(?:described|set\s+(?:forth|out)|stated|provided|detailed|specified|explained|found)\s+in\s+(?:our|the|its|their)\s+"
    r"(?:separate\s+|current\s+|online\s+)?(?:privacy\s+(?:policy|notice|statement)|terms\s+of\s+(?:service|use)|"
    r"master\s+(?:services?\s+|subscription\s+)?agreement|msa|security\s+(?:policy|standards?|whitepaper|overview|page)|"
    r"trust\s+(?:center|centre|page)|website|help\s+cent(?:er|re))\b"
    r"|\bsee\s+our\s+(?:\w+\s+){0,2}(?:policy|notice|terms|page|statement)\b"
    # "the DPA's provisions on ownership, security, deletion ... continue to apply"
    r"|\bprovisions\s+on\b[^.;]{0,250}\b(?:continue|remain)s?\b"
)

_NOTICE_CUE = re.compile(
    r"notif|notice|inform|alert|report|contact|\btell|\blet\s+(?:\w+\s+){1,4}know|warn|telephone|\bphone|\bcall|\be-?mail"
)
_DEADLINE_CUE = re.compile(
    r"within|later than|not to exceed|in no (?:case|event)|no more than|no longer than|at most|up to|maximum of|exceed"
)


# Notices the district does not receive: a regulator's, the families', the police's.
_OTHER_RECIPIENT = re.compile(
    r"supervisory\s+authorit|regulator|data\s+protection\s+(?:authorit|commission|board|office)|information\s+commissioner|attorney\s+general|law\s+enforcement|"
    r"\b(?:affected\s+)?(?:parents|individuals|data\s+subjects|families|consumers|residents)\b|\bgdpr\b|\barticle\s+33\b"
    # a state's education agency: "report the breach to the State Department of Education within one day"
    r"|\bdepartment\s+of\s+(?:public\s+)?(?:education|instruction)\b|\bstate\s+education(?:al)?\s+agenc|\bcommissioner\s+of\s+education\b"
)
_DISTRICT_RECIPIENT = re.compile(r"\b(?:lea|district|school|schools|customer|institution|board|you)\b")
# "24-hour verbal notice", "a 72-hour written report": the duration names the notice itself.
_HOUR_NOTICE = re.compile(
    r"^[- ]?(?:hours?|days?)?\s*(?:verbal|oral|telephone|phone|initial|preliminary|written|e-?mail)?\s*(?:notice|notification|call|alert)"
)


def breach_hours(norm: str) -> int | None:
    """Hours to notify the district: the first deadline-cued duration after a notification verb."""
    best: float | None = None
    for pos_, hours in durations(norm):
        before = norm[max(0, pos_ - 60) : pos_]
        window = norm[max(0, pos_ - 90) : pos_]
        if _OTHER_RECIPIENT.search(window) and not _DISTRICT_RECIPIENT.search(window):
            continue  # GDPR's 72 hours to the supervisory authority, a notice to parents
        clause = _clause_around(norm, pos_)
        if _OTHER_RECIPIENT.search(clause) and not _DISTRICT_RECIPIENT.search(clause):
            continue  # "notify the District within 3 days, and notify affected parents within 2 days"
        unit_end = DURATION.match(norm, pos_)
        named_notice = unit_end is not None and _HOUR_NOTICE.match(norm[unit_end.end() : unit_end.end() + 40])
        if (
            not named_notice
            and not _DEADLINE_CUE.search(before)
            and not re.search(r"\bin\s+$|\bof\s+$", before)
        ):
            continue
        if not _NOTICE_CUE.search(norm[: pos_ + 40]):
            continue
        if re.match(r"[^.;]{0,30}\b(?:after|of)\s+(?:the\s+)?(?:notification|notice|request)", norm[pos_:]):
            continue  # "within 10 days after notice" is a follow-up, not the notice clock
        best = hours if best is None else min(best, hours)
    return int(best) if best is not None else None


# "De-identified usage statistics may be kept for three years": such data is not student data.
_NOT_STUDENT_DATA = re.compile(r"de-?identified|anonymi[sz]ed|aggregated?\b|aggregate\s+(?:data|statistics)")
# "the District may export its data within 30 days": a period that binds the district is not the vendor's.
_DUTY_SUBJECT = re.compile(
    r"\b(?:(?P<district>lea|district|school|customer|board|you)|provider|vendor|contractor|operator|company|we|it)"
    r"\s+(?:shall|must|may|will|agrees\s+to)\b"
)


def _district_duty(norm: str, pos_: int) -> bool:
    """True when the nearest duty before a position binds the district ("the District may export ...")."""
    subjects = list(_DUTY_SUBJECT.finditer(norm, 0, pos_))
    return bool(subjects) and subjects[-1].group("district") is not None


# A period counted from the end of the previous one: "... within 14 days thereafter", "within 30 days
# after that deletion is complete", "within 15 days after the transition period ends".
_AFTER_PRIOR = re.compile(
    r"^[^.;]{0,30}?\b(?:thereafter|after\s+(?:that|such|this|the|which|each)\s+(?:\w+\s+){0,2}?"
    r"(?:window|period|deletion|removal|erasure|purge|retention)\b(?:\s+(?:ends|expires|closes|lapses|is\s+complete|has\s+(?:ended|expired|closed)))?)"
)
# "... a 30-day export window, after which Provider shall delete ... within 30 days".
_CHAIN_BETWEEN = re.compile(r"\b(?:after\s+which|thereafter|at\s+the\s+end\s+of\s+which|following\s+which)\b")
# "... within 90 days, and backups age out within a further 35 days": counted on from the first.
_FURTHER = re.compile(
    r"\b(?:a|an|up\s+to\s+a|for\s+a|another)?\s*(?:further|additional|extra)\s*$|\banother\s*$"
)
_WINDOW_WORD = re.compile(
    r"\b(?:window|transition\s+period|export\s+period|retrieval\s+period|wind[- ]down\s+period|grace\s+period)\b"
)
_STARTS_AFTER_PRIOR = re.compile(
    r"^(?:after\s+that|thereafter|after\s+(?:this|that|the|such)\s+(?:\w+\s+)?(?:period|window)(?:\s+(?:ends|expires|closes))?)\b"
)
_WINDOW_END = re.compile(
    r"^[^.;]{0,30}?\bafter\s+(?:the|that|such|this)\s+(?:\w+\s+)?(?:window|period)\s+(?:ends|expires|closes|lapses)"
)


# "a 90-day retention period, after which all data is purged": the period is the deadline.
_PERIOD_THEN_GONE = re.compile(
    r"^\s*(?:(?:retention|grace|export|transition|wind[- ]down|retrieval|holding)\s+)?(?:period|window)\b[^.;]{0,60}?"
    r"\b(?:after\s+which|at\s+the\s+end\s+of\s+which|following\s+which|thereafter)\b[^.;]{0,80}?"
    r"\b(?:delet|destr|eras|purg|dispos|remov|gone)"
)


# A period for paperwork about the deletion, not for the deletion itself.
_PAPERWORK = re.compile(
    r"\b(?:certif\w*|confirm\w*|attest\w*|acknowledg\w*|report\w*|written\s+(?:notice|statement))"
)
# "certify the erasure", "confirm such deletion": the deletion named there is the paperwork's object.
_PAPERWORK_OBJECT = re.compile(
    r"\b(?:certif|confirm|attest|acknowledg|report)\w*\s+(?:(?:the|that|such|its|this|in|of|writing|to)\s+)*\w+"
)
_GONE = re.compile(
    r"\b(?:delet\w*|destr\w*|eras\w*|purg\w*|dispos\w*|remov\w*|overwr\w*|gone|expire\w*|wip\w*|shred\w*)"
)


def continues_period(norm: str) -> bool:
    """True for a sentence that counts on from the one before ("After that, we delete it within 30 days")."""
    return _STARTS_AFTER_PRIOR.match(norm) is not None


def _clause_around(norm: str, pos_: int) -> str:
    """The clause holding a position: cut at semicolons and at ", and" / ", but" joining clauses."""
    start = max(norm.rfind(";", 0, pos_), norm.rfind(", and ", 0, pos_), norm.rfind(", but ", 0, pos_), -1)
    ends = [i for i in (norm.find(";", pos_), norm.find(", and ", pos_), norm.find(", but ", pos_)) if i >= 0]
    return norm[start + 1 : min(ends) if ends else len(norm)]


def _window_days(previous: str) -> float | None:
    """The length of an export or transition window named in the sentence before."""
    if not _WINDOW_WORD.search(previous):
        return None
    days = [hours / 24.0 for _, hours in durations(previous)]
    return max(days) if days else None


def disposition_days(norm: str, previous: str | None = None) -> int | None:
    """Days after the end until the last copy is gone: the latest period, chained periods added up.

    `previous` is the sentence before, read only when this one counts from the end of a window
    ("within 15 days after the transition period ends")."""
    best: float | None = None
    chain: list[float] = []  # the running total at each duration, cued or not
    last_end = 0
    for pos_, end, hours in duration_spans(norm):
        days = hours / 24.0
        after_text = norm[end : end + 80]
        total = days
        if chain and (
            _AFTER_PRIOR.match(after_text)
            or _CHAIN_BETWEEN.search(norm[last_end:pos_])
            or _FURTHER.search(norm[last_end:pos_])
        ):
            total = chain[-1] + days
        elif not chain and previous and _WINDOW_END.match(after_text):
            window = _window_days(previous)
            if window is not None:
                total = window + days
        elif previous and _STARTS_AFTER_PRIOR.match(norm):
            # "We keep it for 30 days so the school can export it. After that, we delete it within 30 days."
            kept = [h / 24.0 for _, h in durations(previous)]
            if kept:
                total = max(kept) + days
        chain.append(total)
        lead = norm[last_end:pos_]  # what this period is for: the words since the previous one
        last_end = end
        if _PAPERWORK.search(lead) and not _GONE.search(_PAPERWORK_OBJECT.sub(" ", lead)):
            continue  # "... and certify the deletion in writing within 10 days thereafter": not a copy
        before = norm[max(0, pos_ - 60) : pos_]
        after = norm[pos_ : pos_ + 40]
        cued = re.search(r"within|later than|not to exceed|no more than|in no event|up to|maximum of", before)
        if (
            not cued
            and not re.search(r"\b(?:days?|weeks?|months?|years?)\s+(?:after|following|of|from)\b", after)
            and not _PERIOD_THEN_GONE.match(after_text)
        ):
            continue
        if _NOT_STUDENT_DATA.search(_clause_around(norm, pos_)) or _district_duty(norm, pos_):
            continue
        # "from active systems within 30 days and from backups within 60 days": the last copy counts.
        best = total if best is None else max(best, total)
    return int(round(best)) if best is not None else None


STATES = {
    "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA", "colorado": "CO",
    "connecticut": "CT", "delaware": "DE", "florida": "FL", "georgia": "GA", "hawaii": "HI", "idaho": "ID",
    "illinois": "IL", "indiana": "IN", "iowa": "IA", "kansas": "KS", "kentucky": "KY", "louisiana": "LA",
    "maine": "ME", "maryland": "MD", "massachusetts": "MA", "michigan": "MI", "minnesota": "MN",
    "mississippi": "MS", "missouri": "MO", "montana": "MT", "nebraska": "NE", "nevada": "NV",
    "new hampshire": "NH", "new jersey": "NJ", "new mexico": "NM", "new york": "NY", "north carolina": "NC",
    "north dakota": "ND", "ohio": "OH", "oklahoma": "OK", "oregon": "OR", "pennsylvania": "PA",
    "rhode island": "RI", "south carolina": "SC", "south dakota": "SD", "tennessee": "TN", "texas": "TX",
    "utah": "UT", "vermont": "VT", "virginia": "VA", "washington": "WA", "west virginia": "WV",
    "wisconsin": "WI", "wyoming": "WY", "district of columbia": "DC",
}  # fmt: skip
_STATE_RE = re.compile(r"\b(" + "|".join(sorted(STATES, key=len, reverse=True)) + r")\b")
_DISTRICT_STATE = re.compile(
    r"(?:state|commonwealth|jurisdiction)\s+(?:in\s+which|where|of)\s+(?:the\s+)?"
    r"(?:lea|district|school|customer|board|local education agency|educational agency|institution|subscriber)"
    r"|(?:lea|district|school|customer)'?s\s+(?:home\s+)?state|laws\s+of\s+(?:the\s+)?(?:lea|district)'?s\s+state"
)
_GOVERN_CUE = re.compile(r"govern|constru|interpret|choice of law|applicable law")


def governing_state(norm: str) -> str | None:
    if not _GOVERN_CUE.search(norm):
        return None
    cue = _GOVERN_CUE.search(norm)
    assert cue is not None
    if _DISTRICT_STATE.search(norm):
        return "district"
    # The state nearest after "laws of" (or before "law(s) shall govern").
    m = re.search(
        r"laws?\s+of\s+(?:the\s+)?(?:state\s+of\s+|commonwealth\s+of\s+)?([a-z]+(?:\s+[a-z]+)?)", norm
    )
    if m:
        s = _STATE_RE.match(m.group(1))
        if s:
            return STATES[s.group(1)]
    found = _STATE_RE.search(norm)
    return STATES[found.group(1)] if found else None


# "In place of the seventy-two hour period in Section 5, ... forty-eight hours": an exhibit or
# amendment that replaces a period controls, whatever the body said.
_REPLACES = re.compile(
    r"\b(?:in\s+place\s+of|instead\s+of|in\s+lieu\s+of|replac\w*|supersed\w*|substitut\w*)\b[^.;]{0,40}?"
    r"(?=\b(?:\w+[- ])?(?:\w+\s+)?(?:\(\d+\)\s*)?[- ]?(?:hours?|days?|business|calendar|weeks?))"
    r"|\b(?:is|are|shall\s+be)\s+(?:hereby\s+)?(?:amended|changed|modified|shortened|extended)\s+(?:to|so\s+that)\b"
)


def replacement_text(norm: str) -> str | None:
    """The part of a sentence after the replaced period, if the sentence replaces one."""
    m = _REPLACES.search(norm)
    if m is None:
        return None
    rest = norm[m.end() :]
    # "... substituting 'within 10 days'", "replaced by 48 hours": the new period comes first.
    new_first = re.match(r"(?:substituting|inserting|replaced\s+(?:by|with)|superseded\s+by)\b", m.group(0))
    if not new_first and m.group(0).startswith(
        ("in place", "instead", "in lieu", "replac", "supersed", "substitut")
    ):
        first = DURATION.search(rest)
        if first is None:
            return None
        rest = rest[first.end() :]  # skip the period being replaced
    prefix = norm[: m.start()]
    if new_first:
        # What came before holds only the period being deleted; the clause replaced is the one the
        # caller found (a breach notice or a disposition), so the new period is read as its deadline.
        prefix = DURATION.sub(" ", prefix) + " notice"
    # Re-attach what came before, and a deadline cue the terse "amended to 5 days" lacks.
    return f"{prefix} within {rest}" if DURATION.search(rest) else None
