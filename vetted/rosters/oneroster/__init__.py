"""Reading OneRoster 1.1 and 1.2 CSV bundles: pure Python, no database (the importer stores rows)."""

from .bundle import Bundle, Problem, Row, open_bundle
from .fields import ValueProblem, parse_bool, parse_date, parse_datetime, parse_list
from .spec import GUARDIAN_ROLES, ORDER, ROLES

__all__ = [
    "GUARDIAN_ROLES", "ORDER", "ROLES", "Bundle", "Problem", "Row", "ValueProblem", "open_bundle", "parse_bool",
    "parse_date", "parse_datetime", "parse_list",
]  # fmt: skip
