"""Shared regex vocabulary: who is bound, how (modal / negation), and what data is meant.

All patterns run on `normalize()`d text: lower case, straight quotes, plain hyphens.
"""

from __future__ import annotations

import re

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2010": "-",
                         "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u00a7": "section "})  # fmt: skip


def normalize(text: str) -> str:
    # split() and strip() cut at exactly the characters regex \s matches (str.isspace), so this is
    # re.sub(r"\s+", " ", ...).strip() without the regex.
    if not text.isascii():  # every character _QUOTES replaces is outside ASCII
        text = text.translate(_QUOTES)
    return " ".join(text.lower().split())


def gap(n: int) -> str:
    """Up to n characters inside one clause (does not cross sentence punctuation)."""
    return rf"[^.;!?]{{0,{n}}}?"


def clause_gap(n: int) -> str:
    """Like gap(), but never across ", and" / ", but" / ", while", where a new clause begins."""
    return rf"(?:(?!,\s*(?:and|but|or|while|whereas)\b)[^.;!?]){{0,{n}}}?"


# Who the clause binds. Vendors call themselves many things; "we" in privacy policies.
VENDOR = (
    r"(?:provider|vendor|contractor|operator|company|supplier|licensor|processor|consultant|"
    r"service provider|we|us|our company|our service|the service)"
)
VENDOR = rf"\b{VENDOR}"  # whole words only ("rent" is not in "parent")
DISTRICT = (
    r"(?:lea|leas|district|districts|school district|school|schools|board|board of education|customer|customers|"
    r"institution|institutions|educational agency|educational institution|subscriber|client|agency|division|"
    r"school division|school system|school board|local education agency|local educational agency)"
)
DISTRICT = rf"\b{DISTRICT}"  # whole words only ("rent" is not in "parent")
PEOPLE = (
    r"(?:parents?|legal guardians?|guardians?|eligible students?|students?|families|users?|you|"
    r"pupils?|account holders?|educators?|teachers?)"
)
PEOPLE = rf"\b{PEOPLE}"  # whole words only ("rent" is not in "parent")

# Prohibitive modals, with the adverbs contracts put in between.
NEG = (
    r"(?:(?:shall|will|may|must|can|could|should|would|do|does|did|is|are|has|have)\s+not\b|"
    r"(?:won't|can't|cannot|don't|doesn't|didn't|shan't|mustn't|isn't|aren't|haven't|hasn't)|"
    r"\bnever\b|(?:is|are|be|been|shall be|will be)\s+(?:strictly\s+|expressly\s+)?"
    r"(?:prohibited|forbidden|barred|precluded|not permitted|not allowed)\s+(?:from|to)|"
    r"\bagrees?\s+not\s+to|\bundertakes?\s+not\s+to|\bcommits?\s+not\s+to|\bcovenants?\s+not\s+to|"
    r"\brefrains?\s+from|\bshall\s+refrain\s+from|\bwill\s+refrain\s+from|\bprohibit(?:s|ed)?\s+\w+\s+from)"
)
# "may" / "can" not followed by a negation: permission, the opposite of a prohibition.
PERMIT = (
    r"(?:\bmay\b(?!\s+not)|\bcan\b(?!not|'t| not)|\bmight\b|\breserves?\s+the\s+right\s+to|"
    r"\b(?:is|are)\s+(?:permitted|allowed|free|entitled)\s+to|\bwill\b(?!\s+not|\s+never)|"
    r"\bshall\s+be\s+(?:permitted|allowed|free|entitled)\s+to)"
)
NEGATION_WORD = re.compile(
    r"\b(?:not|never|no|cannot|nor|neither|without)\b|n't\b|\bprohibit|\brefrain|\bexcept\b"
)

DATA = (
    r"(?:data|information|info|records?|pii|personal identifiers|content|materials|details|"
    r"education records?|files|profiles?)"
)
DATA = rf"\b{DATA}"  # whole words only ("rent" is not in "parent")
# Typical qualifiers in front of DATA ("student personally identifiable information").
DATA_PHRASE = (
    r"(?:(?:any|all|such|the|your|their|its|our|student|students'?|pupil|children'?s|child|"
    r"personal|personally|identifiable|customer|user|school|district|lea|covered|protected|"
    r"confidential|educational|[\w-]+)\s+){0,4}" + DATA
)
EMAIL_LIKE = re.compile(r"\S+@\S+")

# "We do not sell your personal information for money": a promise narrowed to cash sales leaves the
# sale of data for other value (the usual consumer-policy carve-out) open, so it is not no_sale.
# "whether for money or any other consideration" is the full promise and stays.
CASH_ONLY_SALE = (
    r"\b(?:sell|sold|sale)\b[^.;]{0,60}(?<!whether\s)\bfor\s+(?:money|cash|monetary\s+(?:consideration|value|compensation|payment))\b"
    r"(?!\s+or\b)"
)
