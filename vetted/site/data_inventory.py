"""Vetted's own data inventory: which of its fields hold personal data, whose, why, and for how long.

The one source of truth for the public page (/data-inventory/), its JSON (/data-inventory.json and
docs/data-inventory.json, written by `vetted data_inventory --write`) and the retention job
(vetted.site.retention), which reads its periods from here. A test walks every model field and fails
when a field that looks personal is in neither PERSONAL nor NOT_PERSONAL, so this cannot drift.

Student and family data come in one way only: the district's roster (its OneRoster exports), seen by
its admins alone. Free-text fields staff fill in (a request's planned use, a comment) may also hold
some if someone types it; they are marked so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings

STAFF = "staff"  # district staff who use Vetted
VENDOR_PEOPLE = "vendor_people"  # named people at vendors (contacts, signatories)
PUBLIC_CONTACT = "public_contact"  # contacts a district publishes on purpose
INCIDENTAL = "student_or_family_if_typed"  # free text: only if someone writes it there
ROSTER = "student_family_roster"  # the district's roster, from its OneRoster exports
FAMILY_ANSWER = "family_answers"  # what a family answered to a permission request
REQUESTER = "directory_requesters"  # who asks the district for students' directory information

CATEGORIES = {
    STAFF: "Staff personal data (district employees who use Vetted)",
    VENDOR_PEOPLE: "Personal data of people at vendors (contacts, signatories)",
    PUBLIC_CONTACT: "Contact details a district publishes on purpose",
    INCIDENTAL: "Student or family personal data, only if someone types it into this free-text field",
    ROSTER: "Student and family personal data from the district's roster (its OneRoster exports; admins only)",
    FAMILY_ANSWER: "A family's answers to permission requests: who answered, how, from which address (admins; a "
    "teacher sees only whether each student of their classes has permission)",
    REQUESTER: "People and organisations who ask the district for students' directory information: who they are "
    "and how to reach them (admins, the technology director and auditors)",
}


@dataclass(frozen=True)
class Retention:
    id: str
    title: str
    period: str  # plain words
    days: int | None = None  # erased automatically after this many days; None: not by the job
    after: str = ""  # from which moment the days count

    def effective_days(self) -> int | None:
        """The install's period: settings.VETTED_RETENTION_DAYS may shorten or lengthen it."""
        if self.days is None:
            return None
        return int(getattr(settings, "VETTED_RETENTION_DAYS", {}).get(self.id, self.days))


RETENTION = {
    r.id: r
    for r in [
        Retention("outbox_body", "E-mails sent", "E-mail bodies are erased; the row (address, subject, when sent) stays as "
                  "proof that a notice went out.", 90, "the message was sent, or finally failed"),
        Retention("read_text", "Text read from uploaded files", "What the reader extracted from an uploaded file, and the file's name, are "
                  "erased; the request or agreement keeps its own copy of the findings.", 30,
                  "the read finished"),
        Retention("refused_upload", "Refused uploads", "A refused file's name is erased (its bytes were never kept); the "
                  "refusal reason stays.", 90, "the upload"),
        Retention("invitation", "Invitations", "The invited address and the name and position typed by the admin are "
                  "erased.", 30, "the invitation was accepted, declined, withdrawn or expired"),
        Retention("account", "Accounts", "While the person has an account. A district admin removes access at once; "
                  "the operator deletes the account (Django admin)."),
        Retention("district_record", "The district's records", "Kept while the district uses Vetted, as its record of what it decided "
                  "and why; the state's records-retention schedule may require keeping it longer."),
        Retention("audit_trail", "The audit trail", "Kept for good: the audit trail is append-only and hash-chained, so erasing "
                  "an event would break the proof that the trail is complete."),
        Retention("vendor_contact", "Vendor contacts", "While the vendor is in the catalogue; an admin edits or removes it."),
        Retention("published", "Published contacts", "Published on purpose; kept while the district keeps it."),
        Retention("consent", "Families' answers to permission requests", "Kept as the district's proof of "
                  "each answer while the student is in its roster; an answer is never changed: a change of mind "
                  "is a new answer beside it. They go with the student's roster row when the district's export "
                  "no longer lists the student (the audit trail keeps that an answer was recorded, without names)."),
        Retention("roster", "The roster", "Kept while the district's exports list the person: each full (bulk) "
                  "import removes whoever the export no longer names, and a delta removes whom it marks deleted. "
                  "The uploaded export itself is deleted as soon as it is read."),
    ]
}  # fmt: skip


@dataclass(frozen=True)
class FieldUse:
    field: str  # "app_label.Model.field"
    holds: tuple[str, ...]
    why: str
    retention: str  # a RETENTION id


def _uses(retention: str, holds: tuple[str, ...], rows: list[tuple[str, str]]) -> list[FieldUse]:
    return [FieldUse(f, holds, why, retention) for f, why in rows]


ST, ST_INC, VP, RO = (STAFF,), (STAFF, INCIDENTAL), (VENDOR_PEOPLE,), (ROSTER,)

PERSONAL: list[FieldUse] = [
    *_uses("account", ST, [
        ("districts.User.username", "signs the person in (their e-mail address)"),
        ("districts.User.email", "signs in; receives invitations, reminders and decisions"),
        ("districts.User.full_name", "shown to colleagues on requests, votes and the audit trail"),
        ("districts.User.first_name", "Django's field, unused (full_name is used)"),
        ("districts.User.last_name", "Django's field, unused (full_name is used)"),
        ("districts.User.position", "tells colleagues what the person does (for example: teacher)"),
        ("districts.User.password", "a salted hash, to check the password; never the password"),
        ("districts.User.last_login", "work goes only to people who have signed in at least once"),
        ("districts.Membership.user", "who has which role in which district"),
        ("clocks.CalendarFeed.user", "whose deadlines a private calendar feed shows"),
    ]),
    *_uses("invitation", ST, [
        ("district_admin.Invitation.email", "where the invitation is sent; who may accept it"),
        ("district_admin.Invitation.full_name", "the name for a new account, as the admin typed it"),
        ("district_admin.Invitation.position", "the position for a new account, as the admin typed it"),
    ]),
    *_uses("district_record", ST, [
        ("district_admin.Invitation.invited_by", "who invited the person (told to them in the e-mail)"),
        ("documents.ReadJob.requested_by", "who uploaded a file to be read"),
        ("agreements.DocumentReview.requested_by", "who asked for an agreement's review"),
        ("catalog.ResourceDecision.decided_by", "who recorded the district's decision"),
        ("catalog.CatalogChange.proposed_by", "who proposed a change to a shared catalogue entry"),
        ("catalog.CatalogChangeAnswer.answered_by", "who answered a proposed catalogue change"),
        ("clocks.Obligation.closed_by", "who closed a legal deadline"),
        ("resource_requests.ResourceRequest.requester", "who asked to use the resource"),
        ("resource_requests.ResourceRequest.requester_name", "the requester's name as it was when they asked"),
        ("resource_requests.ResourceRequest.requester_position", "the requester's position when they asked"),
        ("resource_requests.ResourceRequest.terms_approved_by", "the technology director who approved the terms"),
        ("resource_requests.ResourceRequest.terms_refused_by", "the technology director who refused the terms"),
        ("resource_requests.ResourceRequest.decided_by", "who decided the request"),
        ("resource_requests.ResourceRequest.policy_override_by", "the admin who overrode the district policy"),
        ("resource_requests.Assignment.reviewer", "who reviews the request"),
        ("resource_requests.Assignment.assigned_by", "who assigned the reviewer (empty: rotation)"),
        ("resource_requests.RequestAttachment.uploaded_by", "who attached the vendor's document"),
        ("resource_requests.RedFlagAnswer.answered_by", "who answered a red flag"),
        ("resource_requests.Comment.author", "who wrote the comment"),
        ("agreements.Agreement.created_by", "who entered the agreement"),
        ("agreements.AgreementDocument.uploaded_by", "who uploaded the document"),
        ("agreements.ProvisionCheck.reviewed_by", "who checked the provision"),
        ("agreements.ProvisionCheck.accepted_by", "who accepted a missing provision, and why"),
        ("agreements.Agreement.district_signatory_name", "who signed for the district (the contract says so)"),
        ("agreements.Agreement.district_signatory_title", "the district signatory's title"),
    ]),
    *_uses("district_record", ST_INC, [
        ("resource_requests.ResourceRequest.description", "what the resource is, in the requester's words"),
        ("resource_requests.ResourceRequest.planned_use", "how it will be used (the district's request form)"),
        ("resource_requests.ResourceRequest.information_shared", "what student data it would get (categories, "
         "not students)"),
        ("resource_requests.ResourceRequest.who_has_access", "who would have access (roles, not students)"),
        ("resource_requests.ResourceRequest.decision_reason", "why the committee decided so"),
        ("resource_requests.ResourceRequest.public_reason", "the reason the requester and public read"),
        ("resource_requests.ResourceRequest.policy_override_reason", "why an admin overrode the policy"),
        ("resource_requests.Assignment.vote_reason", "a reviewer's reason for their vote"),
        ("resource_requests.Assignment.public_reason", "a reviewer's reason others may read"),
        ("resource_requests.Comment.body", "the committee's discussion and questions to the requester"),
        ("resource_requests.RedFlagAnswer.answer", "why a red flag does not stop the approval"),
        ("catalog.ResourceDecision.conditions", "conditions of use (for example: parental consent)"),
        ("catalog.ResourceDecision.reason", "why the district decided so"),
        ("catalog.ResourceDecision.internal_notes", "the district's own notes on the decision"),
        ("catalog.CatalogChangeAnswer.reason", "why a proposed change was accepted or refused"),
        ("catalog.ApprovalReview.snapshot", "the approval as it stood when it came up for review"),
        ("clocks.Obligation.note", "a note on a legal deadline"),
        ("clocks.Obligation.close_reason", "why a deadline was closed"),
        ("agreements.Agreement.offer_end_note", "why a general offer ended"),
        ("agreements.Agreement.noncompliance_note", "what the vendor failed to do"),
        ("agreements.ProvisionCheck.note", "the reviewer's note on a provision"),
        ("agreements.ProvisionCheck.accepted_reason", "why a missing provision was accepted"),
        ("agreements.AgreementDocument.original_name", "the uploaded contract's file name"),
        ("agreements.DocumentReview.result", "findings read from the contract (may quote signatories)"),
        ("agreements.DocumentReview.sentences", "the contract's text, for highlighting the evidence"),
        ("agreements.ProvisionCheck.evidence", "passages of the contract that prove a provision"),
        ("resource_requests.RequestAttachment.review", "findings read from the vendor's terms"),
        ("resource_requests.RequestAttachment.red_flags", "red flags read from the vendor's terms"),
    ]),
    *_uses("district_record", VP, [
        ("agreements.Agreement.vendor_signatory_name", "who signed for the vendor"),
        ("agreements.Agreement.vendor_signatory_title", "the vendor signatory's title"),
    ]),
    *_uses("vendor_contact", VP, [
        ("catalog.Vendor.privacy_contact_name", "whom to ask about the vendor's privacy practices"),
        ("catalog.Vendor.privacy_contact_email", "where deletion and rights requests go"),
        ("catalog.Vendor.security_contact_email", "where breach questions go"),
    ]),
    *_uses("published", (PUBLIC_CONTACT,), [
        ("districts.District.public_contact_name", "whom families contact (shown on public pages)"),
        ("districts.District.public_contact_email", "where families write (shown on public pages)"),
        ("districts.District.public_contact_phone", "whom families call (shown on public pages)"),
    ]),
    *_uses("audit_trail", ST_INC, [
        ("audit.AuditEvent.actor", "who did it"),
        ("audit.AuditEvent.actor_label", "who did it, as a name or address, kept if the account goes"),
        ("audit.AuditEvent.subject_label", "what it was done to (may name a person)"),
        ("audit.AuditEvent.details", "what changed (addresses of people added or assigned; excerpts)"),
    ]),
    *_uses("outbox_body", ST_INC, [
        ("outbox.Message.body", "the e-mail as sent (names, excerpts of comments and reasons)"),
    ]),
    *_uses("district_record", ST, [
        ("outbox.Message.to_email", "to whom a notice went: the proof that it was sent"),
        ("notices.Recipient.email", "the family address a notice went to: the proof that it was sent"),
        ("notices.Recipient.name", "whom a notice or printed letter was addressed to"),
    ]),
    *_uses("read_text", ST_INC, [
        ("documents.ReadJob.result", "findings read from an uploaded file"),
        ("documents.ReadJob.sentences", "the file's text, for highlighting"),
        ("documents.ReadJob.original_name", "the uploaded file's name (may name a person)"),
    ]),
    *_uses("account", ST, [
        ("api_tokens.ApiToken.user", "whose API token it is"),
        ("api_tokens.ApiToken.name", "the name the person gave the token (may name them)"),
        ("api_tokens.ApiToken.revoked_reason", "why it was revoked (e.g. the password changed)"),
        ("rosters.RosterImport.started_by", "who imported the roster"),
        ("rosters.ResourceScope.updated_by", "who said where a resource is used"),
        ("signin.SignOnApproval.user", "who waits for an admin's approval after a first single sign-on"),
        ("notices.Notice.created_by", "who started a notice"), ("notices.Notice.sent_by", "who sent it"),
        ("notices.NoticeTemplate.updated_by", "who last changed the district's wording"),
        ("notices.LetterFile.requested_by", "who asked for a notice's printed letters"),  # letters
    ]),
    *_uses("roster", RO, [
        ("rosters.Person.given_name", "to name a student, teacher or guardian in notices and lists"),
        ("rosters.Person.family_name", "as above"),
        ("rosters.Person.preferred_given_name", "the name the person goes by"),
        ("rosters.Person.email", "to send notices and permission requests to families and teachers"),
        ("rosters.Person.username", "to match the roster to the district's other systems"),
        ("rosters.Person.identifier", "the district's own id for the person"),
        ("rosters.Person.birth_date", "an eligible student's age (rights pass to the student at 18)"),
        ("rosters.Person.language", "to write to a family in its language"),
        ("rosters.Person.grades", "to know which approvals (grade bands) apply"),
        ("rosters.Person.agents", "who the student's parents and guardians are"),
        ("rosters.GuardianLink.student", "whose guardian"), ("rosters.GuardianLink.guardian", "who is the guardian"),
        ("rosters.Enrollment.person", "which classes a student is in, so which resources they use"),
        ("rosters.RosterImport.problems", "the import's report: may quote a row's values it could not read"),
    ]),
    # Consent (issue 11, item 4): families' answers, append-only.
    *_uses("consent", (FAMILY_ANSWER, ROSTER), [
        ("notices.Consent.student", "which student the answer is about"),
        ("notices.Consent.guardian", "who answered, when the roster knows them"),
        ("notices.Consent.decision", "the answer: permission given, declined or withdrawn"),
        ("notices.Consent.typed_name", "the name the person typed as their signature"),
        ("notices.Consent.relationship", "their relationship to the student (parent, guardian, the student)"),
        ("notices.Consent.client_ip", "the address the answer came from (proof of the answer)"),
        ("notices.Consent.user_agent", "the browser the answer came from, shortened (proof of the answer)"),
    ]),
    *_uses("consent", ST, [
        ("notices.Consent.recorded_by", "who recorded a paper reply slip"),
    ]),
    # The family portal (issue 13): sign-in codes and directory-information choices.
    *_uses("consent", (FAMILY_ANSWER, ROSTER), [
        ("rights.FamilyCode.person", "whom a one-time sign-in code was sent to"),
        ("rights.FamilyCode.address_hash", "a keyed hash of the address a code was sent to (finds the code)"),
        ("rights.DirectoryOptOut.student", "whose directory information the family's choice is about"),
        ("rights.DirectoryOptOut.by_person", "the family member who chose"),
        ("rights.DirectoryOptOut.opted_out", "the family's choice: no directory information shared"),
    ]),
    *_uses("consent", ST, [
        ("rights.DirectoryOptOut.by_user", "the staff member who recorded a family's choice"),
    ]),
    # Directory information (issue 13, item 5): requests, the school-purpose finding, disclosures per student.
    *_uses("district_record", (REQUESTER,), [
        ("rights.DirectoryRequest.requester_name", "who asked for directory information (families see to whom "
         "their child's was disclosed)"),
        ("rights.DirectoryRequest.requester_organisation", "the organisation that asked"),
        ("rights.DirectoryRequest.requester_contact", "how to reach the requester with the answer"),
        ("rights.DirectoryDisclosure.recipient", "to whom a student's directory information was disclosed, as it "
         "was then (the family reads it in the portal)"),
    ]),
    *_uses("district_record", (REQUESTER, INCIDENTAL), [
        ("rights.DirectoryRequest.purpose", "what the requester wants the information for, in their words"),
    ]),
    *_uses("district_record", ST_INC, [
        ("rights.DirectoryRequest.school_purpose_reason", "why the request does or does not serve a school purpose"),
        ("rights.DirectoryRequest.refusal_reason", "why the request was refused"),
    ]),
    *_uses("district_record", ST, [
        ("rights.DirectoryRequest.created_by", "who logged the request"),
        ("rights.DirectoryRequest.decided_by", "who found the school purpose and decided the request"),
        ("rights.DirectorySettings.updated_by", "who last changed the designated categories or the notice date"),
    ]),
    *_uses("roster", RO, [
        ("rights.DirectoryRequest.students", "the students a request names (roster ids), when it names any"),
        ("rights.DirectoryDisclosure.student", "whose directory information was disclosed (the record families see)"),
        ("rights.DirectoryDisclosure.items", "which directory items of the student were disclosed"),
    ]),
    # Rights requests (issue 13, items 2 and 3): who asked, about whom, what, and each vendor's answer.
    *_uses("district_record", (ROSTER, FAMILY_ANSWER), [
        ("rights.RightsRequest.student", "whom the request is about"),
        ("rights.RightsRequest.requester", "who asked, when the roster knows them"),
        ("rights.RightsRequest.requester_name", "who asked, as the roster or staff wrote it"),
        ("rights.RightsRequest.requester_email", "where the family is told the outcome"),
        ("rights.RightsRequest.relationship", "their relationship to the student (parent, guardian, the student)"),
        ("rights.RightsRequest.correction_wrong", "what the family says is wrong in the student's records"),
        ("rights.RightsRequest.correction_right", "what the family says the records should say"),
        ("rights.RightsRequest.export_address", "where the family wants the student's work sent"),
        ("rights.RightsRequest.details", "anything else the family said"),
        ("rights.RightsRequest.identity_method", "how staff checked who asked"),
        ("rights.RightsRequest.refusal_reason", "why the district refused (the family reads it)"),
        ("rights.RightsRequest.outcome_note", "what the district did (the family reads it)"),
        ("rights.RightsRequest.extension_reason", "why the district needed more time (the family reads it)"),
        ("rights.RequestTask.statement", "what the vendor did or holds, in its words"),
        ("rights.RequestTask.reason", "why the vendor refused"),
        ("rights.RequestTask.file_name", "the name of the vendor's file (may name the student)"),
    ]),
    *_uses("district_record", ST, [
        ("rights.RightsRequest.identity_checked_by", "the staff member who checked who asked"),
        ("rights.RightsRequest.created_by", "the staff member who recorded a paper or phone request"),
    ]),
    *_uses("refused_upload", ST_INC, [
        ("resource_requests.RequestAttachment.original_name", "the attached file's name (may name a person)"),
    ]),
    *_uses("district_record", ST, [
        ("incidents.Incident.created_by", "who recorded the breach incident"),
        ("incidents.Incident.posted_by", "who posted the public breach notice"),
        ("incidents.Attachment.uploaded_by", "who attached a file to an incident (empty: the vendor's link)"),
        ("incidents.StateReport.recorded_by", "who recorded a report to a state agency"),
        ("incidents.VendorLink.created_by", "who made a vendor's reporting link"),
    ]),
    *_uses("district_record", ST_INC, [
        ("incidents.Incident.title", "the public title of a breach incident"),
        ("incidents.Incident.what_happened", "what happened, in the words families and the public read"),
        ("incidents.Incident.what_we_are_doing", "what the district is doing (public words)"),
        ("incidents.Incident.what_you_can_do", "what families can do (public words)"),
        ("incidents.Incident.remediation", "what the vendor did about the breach"),
        ("incidents.Incident.internal_notes", "the district's own notes on the incident (never public; may name "
         "who reported it or who is affected)"),
        ("incidents.Incident.awareness_gap_reason", "why the district learned of the breach later than the vendor"),
        ("incidents.Attachment.original_name", "the attached file's name (may name a person)"),
    ]),
    *_uses("district_record", VP, [
        ("incidents.Incident.contact_name", "whom at the vendor the district deals with about the breach"),
        ("incidents.Incident.contact_email", "where the district writes to the vendor about the breach"),
        ("incidents.Incident.contact_phone", "whom at the vendor the district calls about the breach"),
    ]),
    # Data disposition at contract end (issue 13, item 4): the vendor's certificate and its links.
    *_uses("district_record", ST, [
        ("disposition.DispositionObligation.accepted_by", "who accepted the vendor's certificate of disposition"),
        ("disposition.DispositionLink.created_by", "who sent the vendor's certification link (empty: automatic)"),
        ("disposition.DispositionCertificate.recorded_by", "who recorded a certificate received on paper"),
    ]),
    *_uses("district_record", VP, [
        ("disposition.DispositionObligation.contact_email", "where the vendor's privacy contact is written to"),
        ("disposition.DispositionLink.sent_to", "the address a certification link was sent to"),
        ("disposition.DispositionCertificate.signer_name", "who signed the certificate of disposition for the vendor"),
        ("disposition.DispositionCertificate.signer_title", "the signer's title at the vendor"),
        ("disposition.DispositionCertificate.signer_email", "the signer's e-mail address at the vendor"),
    ]),
    *_uses("district_record", ST_INC, [
        ("disposition.DispositionCertificate.note", "staff's note on a certificate received on paper"),
    ]),
    *_uses("roster", RO, [
        ("incidents.Incident.students", "which students a breach affected, so that their families are told"),
    ]),
]  # fmt: skip

# Fields that look personal to the inventory test (their name or free-text type) but are not, and why.
NOT_PERSONAL: dict[str, str] = {
    "districts.User.is_superuser": "a flag", "districts.Consortium.name": "an organisation's name",
    "districts.District.name": "an organisation's name", "districts.District.policy_packs": "rule-pack ids",
    "outbox.Message.subject": "the subject names the district and the item, not a person",
    "outbox.Message.last_error": "the mail server's error",
    "outbox.Message.message_id": "a hash of the message's key at the sender's domain; names no one",
    "notices.Notice.title": "public words about a resource or contract, posted on the public page",
    "notices.Notice.description": "public words about a resource or contract",
    "notices.Notice.purpose": "public words about a resource or contract",
    "notices.NoticeTemplate.body": "a district's wording; each family's names are filled in the e-mail only",
    "notices.NoticeText.body": "the text as sent, with {{students}} and {{link}} left as placeholders",
    "clocks.Obligation.description": "the law's duty, from the rule pack",
    "clocks.Obligation.subject_label": "the resource's or agreement's name",
    "clocks.Obligation.actor": "a party (district, vendor), not a person",
    "clocks.Obligation.recipient": "a party (families, state), not a person",
    "clocks.Obligation.decided_by": "a rule-pack id", "clocks.Obligation.chased_by": "an app's name",
    "clocks.ClosureDay.reason": "a holiday's name",
    "documents.ReadJob.packs": "rule-pack ids", "documents.ReadJob.error_message": "why a file could not be read",
    "agreements.DocumentReview.packs": "rule-pack ids",
    "agreements.DocumentReview.error_message": "why a file could not be read",
    "catalog.DataElement.name": "a category of data (taxonomy)",
    "catalog.DataElement.description": "a category of data (taxonomy)", "catalog.Subject.name": "a school subject",
    "catalog.Vendor.legal_name": "a company's name", "catalog.Resource.name": "a product's name",
    "catalog.Resource.description": "a product's description", "catalog.Resource.search_text": "product words",
    "catalog.CatalogChange.changes": "proposed changes to a product's entry",
    "catalog.ReviewSchedule.meeting_dates": "dates",
    "resource_requests.ResourceRequest.resource_name": "a product's name",
    "resource_requests.ResourceRequest.vendor_name": "a company's name",
    "resource_requests.RequestAttachment.stored_name": "a random file name",
    "resource_requests.RequestAttachment.refusal": "why the file was refused (format, size)",
    "agreements.Agreement.title": "the agreement's title", "agreements.Agreement.offer_end_reason": "a choice",
    "agreements.AgreementDocument.label": "the document's kind", "agreements.AgreementDocument.stored_name": "random",
    "agreements.ProvisionCheck.title": "a contract provision's title",
    "agreements.ProvisionCheck.required_by": "rule-pack ids", "agreements.ProvisionCheck.location": "page/section",
    "rosters.Org.name": "a school's name", "rosters.SchoolClass.title": "a class's name",
    "rosters.Course.title": "a course's name", "rosters.AcademicSession.title": "a school year's or term's name",
    "rosters.RosterImport.source_name": "the export's file name",
    "incidents.Incident.delay_agency": "the law-enforcement agency's name",
    "incidents.StateReport.agency": "the state agency's name", "incidents.StateReport.reference": "a form number",
    "incidents.Attachment.stored_path": "a random file name", "incidents.Incident.report_path": "a random file name",
    "signin.DistrictSignOn.label": "the identity provider's name (e.g. Google Workspace)",
    "signin.DistrictSignOn.saml_certificate": "the identity provider's public certificate",
    "notices.Consent.text_sha256": "names the version of the notice's text",
    "notices.Consent.language": "a language code",
    "rights.DirectorySettings.notice_where": "where the district posted its public notice (a page, a handbook)",
    "disposition.DispositionObligation.citation": "the rule or clause that set the due time",
    "disposition.DispositionCertificate.signer_organisation": "the vendor's (a company's) name",
    "disposition.DispositionCertificate.categories": "categories of data (taxonomy names)",
    "disposition.DispositionCertificate.method_detail": "how the data was destroyed (a method or standard)",
    "disposition.DispositionCertificate.backups_note": "when backup copies are destroyed",
}  # fmt: skip


def document() -> dict[str, Any]:
    """The machine-readable inventory, with this install's periods."""
    return {
        "about": "Which of Vetted's own fields hold personal data, why, and for how long. Student and family "
        "data come only from the district's roster, seen by its admins; free-text fields may hold some if "
        "someone types it.",
        "categories": CATEGORIES,
        "retention": {
            r.id: {
                "title": r.title,
                "period": r.period,
                "erased_after_days": r.effective_days(),
                "counted_from": r.after or None,
            }
            for r in RETENTION.values()
        },
        "fields": [
            {"field": u.field, "holds": list(u.holds), "why": u.why, "retention": u.retention}
            for u in sorted(PERSONAL, key=lambda u: u.field)
        ],
    }


def by_retention() -> list[tuple[Retention, list[FieldUse]]]:
    """For the page: each retention rule with the fields it governs."""
    return [(r, sorted((u for u in PERSONAL if u.retention == r.id), key=lambda u: u.field))
            for r in RETENTION.values()]  # fmt: skip
