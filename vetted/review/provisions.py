"""The 20 canonical contract provisions, in canonical order, with short human titles."""

from __future__ import annotations

_LOCAL_PROVISION_IDS: tuple[str, ...] = (
    "ownership",
    "use_limitation",
    "no_sale",
    "no_targeted_advertising",
    "no_profiling",
    "third_party_disclosure",
    "parent_access_correction",
    "student_content_transfer",
    "deletion_on_request",
    "disposition_at_end",
    "security_safeguards",
    "breach_notification",
    "ferpa_compliance",
    "other_laws_compliance",
    "governing_law",
    "severability",
    "audit_right",
    "deidentified_data",
    "general_offer",
    "employee_confidentiality",
)

try:  # The rules package owns the canonical list once it exists; fall back until then.
    from vetted.rules import PROVISION_IDS as _RULES_IDS  # type: ignore[attr-defined,unused-ignore]

    PROVISION_IDS: tuple[str, ...] = tuple(_RULES_IDS)
except ImportError:
    PROVISION_IDS = _LOCAL_PROVISION_IDS

TITLES: dict[str, str] = {
    "ownership": "Student data remains the district's property",
    "use_limitation": "Data used only to provide the service",
    "no_sale": "No sale of student data",
    "no_targeted_advertising": "No targeted advertising",
    "no_profiling": "No student profiles for non-school purposes",
    "third_party_disclosure": "Disclosure limited; subprocessors bound by equal terms",
    "parent_access_correction": "Parents/students may review and correct",
    "student_content_transfer": "Students keep or transfer content they created",
    "deletion_on_request": "Deletion on request",
    "disposition_at_end": "Data disposed of at end of contract",
    "security_safeguards": "Security safeguards",
    "breach_notification": "Breach notification to the district",
    "ferpa_compliance": "FERPA compliance (school official)",
    "other_laws_compliance": "Compliance with COPPA, PPRA, CIPA and state law",
    "governing_law": "Governing law",
    "severability": "Severability",
    "audit_right": "District right to audit",
    "deidentified_data": "De-identified data rules",
    "general_offer": "General offer to other districts",
    "employee_confidentiality": "Employee confidentiality",
}
