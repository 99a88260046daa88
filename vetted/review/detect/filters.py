"""Sentences that can never be operative: headings, definitions, tables of contents, law summaries."""

from __future__ import annotations

import re

from ..extract.sections import is_title_like
from .prefilter import Piece, Screened

_DEFINITION = re.compile(
    r"^(?:(?:for (?:the )?purposes? of [^,]{1,80},\s*)?(?:the (?:term|phrase|word)s?\s+)?)?"
    r"(?:[\"'][^\"']{1,60}[\"']\s*(?:\([^)]{0,40}\)\s*)?(?:,|or|and|/)?\s*){1,3}"
    r"(?:,?\s*(?:as used (?:herein|in this [\w ]{1,30}),?\s*)?)"
    r"(?:means?|shall mean|refers? to|shall refer to|is defined|has the meaning|shall have the meaning|"
    r"includes?|shall include|is|are|:)\b"
)
_DEFINITION_CONTINUED = re.compile(
    r"^(?:it|this term|the term|such term|this definition|the definition)\s+(?:does\s+not\s+|shall\s+not\s+|also\s+)?"
    r"(?:includes?|include|means?|mean|refers?|excludes?|covers?|encompass)"
)
_GENERIC_DESCRIPTION = Screened(
    r"\b(?:lets?|allows?|permits?|requires?|asks?|expects?|obliges?)\s+(?:a|an|any)\s+"
    r"(?:school|district|vendor|contractor|provider|operator|company|service)\b"
    r"|\b(?:typically|usually|generally|often)\s+(?:asks?|requires?|says?|includes?|provides?)\b"
    r"|\b(?:contracts?|agreements?)\b[^.;]{0,60}\b(?:must|should)\s+(?:state|describe|say|include|contain|provide)\b"
)
_BARE_DEFINITION = re.compile(
    r"^(?:the term\s+)?[a-z][\w\s/-]{1,50}?\s+(?:means|shall mean|is defined as|refers to)\b"
)
_TOC_LEADER = re.compile(r"(?:\.\s?){4,}\s*\d+\s*$|\u2026{2,}|\.{3,}\s*\d+|_{4,}\s*\d+\s*$")
_TRAILING_PAGE = re.compile(r"\s\d{1,3}\s*$")
_LAW_NAMES = (
    r"(?:ferpa|coppa|ppra|cipa|sopipa|soppa|hipaa|gdpr|ccpa|cpra|the law|this law|these laws|federal law|"
    r"state law|the statute|the act|this act|the regulations?|the rule|the (?:family educational rights and "
    r"privacy|children's online privacy protection|protection of pupil rights) act|the [\w' -]{3,60} act|[\w.]+ law)"
)
_LAW_DESCRIPTION = re.compile(
    rf"^(?:under\s+)?{_LAW_NAMES}(?:\s*(?:,|and|or|,\s*and)\s+{_LAW_NAMES})*\s*(?:\([^)]*\)\s*)?(?:is|was|are|requires?|prohibits?|protects?|gives?|"
    r"provides?|applies|governs|affords|defines|allows|permits|establishes|restricts|imposes|expects|"
    r"says|states|mandates|calls\s+for|obliges|entitles|lets)\b"
)
_GENERIC_ACTORS = re.compile(
    r"^(?:under [^,]{2,80},\s*|[^,]{0,40}\blaw[s]? (?:require|prohibit)s?\s+(?:that\s+)?)"
    r"(?:operators|vendors|providers|companies|contractors|schools|districts|websites|apps)\b"
)


def is_heading_like(text: str) -> bool:
    return is_title_like(text)


def is_definition(norm: str) -> bool:
    return bool(_DEFINITION.match(norm) or _BARE_DEFINITION.match(norm) or _DEFINITION_CONTINUED.match(norm))


def is_toc_line(text: str) -> bool:
    if len(text) > 200:
        return False
    # Each branch of _TOC_LEADER needs three dots, two ellipses or four underscores.
    if (text.count(".") >= 3 or "\u2026\u2026" in text or "____" in text) and _TOC_LEADER.search(text):
        return True
    # _TRAILING_PAGE ends in a digit and white space only (\d is a decimal digit, \s what rstrip cuts).
    trailing = _TRAILING_PAGE.search(text) if text.rstrip()[-1:].isdecimal() else None
    return trailing is not None and is_title_like(text[: trailing.start()])


def is_law_description(norm: str, pieces: set[Piece] | None = None) -> bool:
    """A summary of what a statute says ("FERPA protects ...", "Under COPPA, operators must ...")."""
    return bool(
        _LAW_DESCRIPTION.match(norm)
        or _GENERIC_ACTORS.match(norm)
        or _GENERIC_DESCRIPTION.search(norm, pieces)
    )


# Board policies and statutes list what a contract must say: "a statement that ...", "that the company will ...".
_REQUIRED_TERM = re.compile(
    # ("A provision of these Terms that a court holds unenforceable ..." is the contract's own clause.)
    r"^(?:that\s|a\s+(?:statement|description|provision|prohibition|requirement|clause)\s+(?:that|of|by|against|requiring)\b"
    r"(?!\s+(?:this|these|the)\s+(?:agreement|terms|dpa|contract|addendum|policy)\b)|"
    r"the\s+procedures?\s+(?:by\s+which|for)\b)"
)
_REQUIREMENT_LEAD = re.compile(
    r"\b(?:contracts?|agreements?|dpas?)\b[^.;]{0,80}\b(?:must|shall|should|will)\s+(?:\w+\s+)?"
    r"(?:include|contain|provide|state|address|have)\b|\bto\s+the\s+following\s+effect\b|\bensure\s+the\s+contract\s+includes?\b"
    # "Under Policy 3618, every contract for software ... must:" with the verb in each item.
    r"|\b(?:every|each|any|all|new|future)\s+(?:[\w-]+\s+)?(?:contracts?|agreements?|dpas?)\b[^.;]{0,80}"
    r"\b(?:must|should|shall|will\s+need\s+to|(?:is|are)\s+required\s+to)\s*:?\s*$"
)
# A section about what future contracts must contain ("What Board Policy 3618 requires of new contracts").
_REQUIREMENT_SECTION = re.compile(
    r"\brequire\w*\s+(?:of|for|in|from)\s+(?:all\s+|new\s+|future\s+|every\s+|each\s+)?(?:\w+\s+)?(?:contracts?|agreements?|vendors?)\b"
    r"|\b(?:contract|vendor|procurement)\s+requirements\b"
)
# A parents' bill of rights states what the law gives families; only a clause naming the vendor binds it.
_RIGHTS_SECTION = re.compile(r"\bbill\s+of\s+rights\b")
_VENDOR_BOUND = re.compile(
    r"\b(?:we|provider|vendor|contractor|operator|company|licensor)\b[^.;]{0,40}?\b(?:shall|will|must|agrees?)\b"
)
# Negotiation: positions and drafts, not agreed terms ("our template asks for 60 days").
_NEGOTIATION = Screened(
    r"\b(?:our|your|their|the\s+(?:district|vendor|provider)'s)\s+(?:standard\s+)?(?:template|draft|redline|mark-?up|"
    r"counter-?proposal|proposal|position|standard\s+(?:terms|language|paper))\s+(?:\w+\s+)?(?:asks?|asked|says?|said|"
    r"proposes?|proposed|changes?|changed|calls?|called|uses?|used|offers?|offered|requires?|required|has|had|would)\b"
    r"|\bwe(?:'d|\s+would)?\s+(?:normally\s+|usually\s+|typically\s+|generally\s+|originally\s+)?"
    r"(?:proposed|suggested|counter-?proposed|(?:would\s+)?prefer|asked\s+for|(?:normally|usually|typically)\s+ask\s+for|are\s+asking\s+for)\b"
    r"|\b(?:looks|seems|sounds)\s+(?:feasible|acceptable|workable|fine|reasonable)\b|\bnothing\s+is\s+agreed\b"
    # "the vendor has proposed 5 business days", "counsel has asked Oxbow to add a promise": a status
    # report on a negotiation, not an agreed term.
    r"|\b(?:has|have|had)\s+(?:proposed|suggested|counter-?proposed|offered\s+to\s+(?:add|accept|change))\b"
    r"|\b(?:has|have|had)\s+asked\s+(?:\w+\s+){1,3}?to\s+(?:add|include|insert|accept|agree\s+to|change)\b"
    r"|\b(?:staff|counsel|we|the\s+district|the\s+board)\s+(?:has\s+|have\s+)?asked\s+for\b"
)
# Statutes and board policies set out what a contract must contain; that is no contract term.
_CONTRACT_MUST_SAY = Screened(
    r"\b(?:contracts?|agreements?|dpas?)\b[^.;]{0,60}\b(?:shall|must|should|will|to)\s+(?:\w+\s+)?(?:include|contain|set\s+forth)\s+"
    r"(?:a\s+|an\s+)?(?:statement|provision|clause|term|language|requirement|prohibition|description)s?\s+"
    r"(?:that|requiring|prohibiting|stating|describing|under\s+which)\b"
    r"|\bensure\s+that\s+(?:each|every|all|any|the)\s+(?:contracts?|agreements?)\s+(?:\w+\s+)?(?:includes?|contains?|states?)\b"
)
_DISCLAIMER = Screened(r"\bnot\s+(?:obligated|required|bound)\s+to\b|\bno\s+(?:obligation|duty)\s+to\b")
DISCLAIMER = "disclaimer"
_OPERATIVE_MODAL = re.compile(r"\b(?:shall|will|must|agrees?|undertakes?)\b")


def non_operative_in_context(
    norm_text: str, lead_in: str, section: str | None, pieces: set[Piece] | None = None
) -> str | None:
    """Context-dependent exclusions: list items of a requirements list, definitions sections, disclaimers."""
    if _REQUIRED_TERM.match(norm_text):
        return "a description of a required term"
    if lead_in and _REQUIREMENT_LEAD.search(lead_in.lower()):
        return "an item in a list of required terms"
    if section and _REQUIREMENT_SECTION.search(section.lower()) and not _VENDOR_BOUND.search(norm_text):
        return "a requirement for future contracts"
    if section and "definition" in section.lower() and not _OPERATIVE_MODAL.search(norm_text):
        return "definitions section"
    if section and _RIGHTS_SECTION.search(section.lower()) and not _VENDOR_BOUND.search(norm_text):
        return "a statement of parents' rights under the law"
    if _NEGOTIATION.search(norm_text, pieces):
        return "a negotiating position"
    if _CONTRACT_MUST_SAY.search(norm_text, pieces):
        return "a description of a required term"
    if _DISCLAIMER.search(norm_text, pieces):
        return DISCLAIMER
    return None


# A link label written in the user's voice ("Do Not Sell or Share My Personal Information").
_FOOTER_LINK = re.compile(
    r"\bdo\s+not\s+(?:sell|share)\s+(?:or\s+(?:sell|share)\s+)?my\b|\blimit\s+the\s+use\s+of\s+my\b"
)


# An unticked checkbox option ("[ ] The Provider offers these terms to any other LEA") is not chosen.
_UNTICKED = re.compile(r"^\s*(?:\[\s*\]|\(\s*\)|[\u2610\u25a1\u25fb\u274f])\s*\S")


def non_operative_reason(text: str, norm: str, pieces: set[Piece] | None = None) -> str | None:
    """Why a sentence can never be operative, or None; `pieces` (of `norm`) only spare searches."""
    if is_heading_like(text):
        return "heading"
    if _UNTICKED.match(text):
        return "an unticked box"
    if _FOOTER_LINK.search(norm):
        return "a footer link"
    if is_toc_line(text):
        return "table of contents"
    if is_definition(norm):
        return "definition"
    if is_law_description(norm, pieces):
        return "description of the law"
    return None
