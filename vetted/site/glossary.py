"""Plain words for every term a parent meets on the public pages (issue 9, item 10).

One place, so the registry, a resource's page and the student-data page say the same thing."""

from __future__ import annotations

from vetted.catalog.models import DecisionStatus

TERMS: dict[str, tuple[str, str]] = {
    # key: (the term as shown, what it means in plain words)
    "directory": (
        "Directory information",
        "Information a school may share without asking first, such as a student's name, grade, or "
        "photo, because it is not usually harmful. A family can ask the school not to share it "
        "(“opt out”) under the federal law FERPA.",
    ),
    "sensitive": (
        "Sensitive",
        "Information that could hurt a child if it were exposed or misused, such as health records, "
        "grades, location, or messages. The district looks hardest at resources that collect it.",
    ),
    "not_recorded": (
        "Not yet recorded",
        "Nobody has written down yet what this resource collects. It does not mean it collects "
        "nothing; ask the district if you need to know.",
    ),
    "turned_off": (
        "Turned off by the district",
        "The resource can collect this, but the district has switched that feature off, so it is "
        "not collected from students here.",
    ),
    "fully_executed": (
        "Fully executed",
        "Signed by both the company and the district: the agreement is in force.",
    ),
    "dpa": (
        "Data privacy agreement",
        "A contract in which the company promises how it will protect, use and delete student "
        "information. State law says what it must contain.",
    ),
    "standard": (
        "State or national standard agreement",
        "The common agreement many districts use (for example the National Data Privacy "
        "Agreement), signed without changes.",
    ),
    "vendor": (
        "Vendor-specific agreement",
        "An agreement written by the company, checked by the district against what the law requires.",
    ),
    "district_modified": (
        "District-modified standard agreement",
        "The common agreement with changes the district and the company agreed on.",
    ),
    "subscription": (
        "Subscription to a general offer (Exhibit E)",
        "The company offered the same terms it signed with another district to every district; this "
        "district accepted them by signing the offer, without negotiating again.",
    ),
    "permission": (
        DecisionStatus.APPROVED_WITH_CONSENT.label,
        "The resource may be used, but only by students whose family has been told about it and "
        "said yes first.",
    ),
    "approved": (DecisionStatus.APPROVED.label, "The district reviewed it and allows its use."),
    "pending": (DecisionStatus.PENDING.label, "The district is still reviewing it; it is not approved yet."),
    "not_approved": (DecisionStatus.NOT_APPROVED.label, "The district decided it may not be used."),
    "retired": (DecisionStatus.RETIRED.label, "It was used before and is no longer used in the district."),
    "coppa": (
        "Children under 13",
        "For children under 13, the federal law COPPA requires the company to have permission; a "
        "school may give it for school use only.",
    ),
}


def term(key: str) -> dict[str, str]:
    name, meaning = TERMS[key]
    return {"key": key, "name": name, "meaning": meaning}


def all_terms() -> list[dict[str, str]]:
    return [term(k) for k in TERMS]


def status_term(status: str) -> dict[str, str]:
    key = {
        DecisionStatus.APPROVED: "approved",
        DecisionStatus.APPROVED_WITH_CONSENT: "permission",
        DecisionStatus.PENDING: "pending",
        DecisionStatus.NOT_APPROVED: "not_approved",
        DecisionStatus.RETIRED: "retired",
    }[DecisionStatus(status)]
    return term(key)
