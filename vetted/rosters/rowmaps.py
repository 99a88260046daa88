"""One OneRoster row -> the fields Vetted keeps, per file. References to other rows are resolved by
the caller (`refs`): a missing one is a problem naming the file, line and column."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .grades import lowest_grade
from .oneroster import Row, ValueProblem, parse_bool, parse_date, parse_list

Refs = Callable[[str, str, Row, str], int | None]  # (kind, sourcedId, row, column) -> pk or None


def _language(row: Row) -> str:
    for column, value in row.extras.items():
        if "lang" in column.casefold() and value:
            return value[:35]
    return ""


def org(row: Row, refs: Refs) -> dict[str, Any]:
    return {"name": row.get("name")[:255], "type": row.get("type")[:40], "identifier": row.get("identifier")[:255],
            "parent_sourced_id": row.get("parentSourcedId")[:255]}  # fmt: skip


def session(row: Row, refs: Refs) -> dict[str, Any]:
    return {"title": row.get("title")[:255], "type": row.get("type")[:40],
            "start_date": parse_date(row.get("startDate")), "end_date": parse_date(row.get("endDate")),
            "school_year": row.get("schoolYear")[:8]}  # fmt: skip


def course(row: Row, refs: Refs) -> dict[str, Any]:
    return {"title": row.get("title")[:255], "code": row.get("courseCode")[:255],
            "org_id": refs("org", row.get("orgSourcedId"), row, "orgSourcedId"),
            "grades": parse_list(row.get("grades"))}  # fmt: skip


def school_class(row: Row, refs: Refs) -> dict[str, Any]:
    return {"title": row.get("title")[:255], "code": row.get("classCode")[:255],
            "school_id": refs("org", row.get("schoolSourcedId"), row, "schoolSourcedId"),
            "course_id": refs("course", row.get("courseSourcedId"), row, "courseSourcedId"),
            "grades": parse_list(row.get("grades")), "terms": parse_list(row.get("termSourcedIds"))}  # fmt: skip


def person(row: Row, refs: Refs) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "given_name": row.get("givenName")[:255], "family_name": row.get("familyName")[:255],
        "preferred_given_name": row.get("preferredGivenName")[:255], "username": row.get("username")[:255],
        "identifier": row.get("identifier")[:255], "email": row.get("email")[:320],
        "grades": parse_list(row.get("grades")), "grade": lowest_grade(parse_list(row.get("grades"))),
        "enabled": bool(parse_bool(row.get("enabledUser"), True)),
        "language": _language(row), "agents": parse_list(row.get("agentSourcedIds")),
    }  # fmt: skip
    if "role" in row.values:  # 1.1; in 1.2 the role comes from roles.csv
        fields["role"] = row.get("role")[:40]
        fields["orgs"] = parse_list(row.get("orgSourcedIds"))
    elif row.get("primaryOrgSourcedId"):
        fields["orgs"] = [row.get("primaryOrgSourcedId")]
    return fields


def enrollment(row: Row, refs: Refs) -> dict[str, Any]:
    try:
        primary = bool(parse_bool(row.get("primary"), False))
    except ValueProblem:
        primary = False  # "primary" only matters for teachers; a stray word does not stop an import
    return {"school_class_id": refs("class", row.get("classSourcedId"), row, "classSourcedId"),
            "person_id": refs("person", row.get("userSourcedId"), row, "userSourcedId"),
            "role": row.get("role")[:40], "primary": primary,
            "begin_date": parse_date(row.get("beginDate")), "end_date": parse_date(row.get("endDate"))}  # fmt: skip
