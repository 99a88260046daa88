"""The OneRoster 1.1 and 1.2 CSV files Vetted reads, and their columns (from the 1EdTech CSV binding).

Only what Vetted needs to know who uses what and who their guardians are is kept; a column listed
as DROPPED is read past and never stored (passwords, above all). Demographics: only the birth date
(an eligible student's age); race, ethnicity and birthplace are not Vetted's business.
"""

from __future__ import annotations

from dataclasses import dataclass, field

VERSIONS = ("1.1", "1.2")
MODES = ("bulk", "delta", "absent")
STATUSES = ("active", "tobedeleted", "inactive")  # "inactive" is 1.0's word; read as tobedeleted

# 1.1 user roles and 1.2's additions; guardians are ordinary users with one of GUARDIAN_ROLES.
ROLES = frozenset({
    "administrator", "aide", "guardian", "parent", "proctor", "relative", "student", "teacher",
    "districtAdministrator", "siteAdministrator", "systemAdministrator", "principal", "counselor",
    "externalGuardian",
})  # fmt: skip
GUARDIAN_ROLES = frozenset({"guardian", "parent", "relative", "externalGuardian"})
DROPPED = frozenset({"password"})
COMMON = ("sourcedId", "status", "dateLastModified")


@dataclass(frozen=True)
class FileSpec:
    name: str  # without .csv
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    dates: frozenset[str] = field(default_factory=frozenset)
    lists: frozenset[str] = field(default_factory=frozenset)
    versions: tuple[str, ...] = VERSIONS

    @property
    def columns(self) -> tuple[str, ...]:
        return (*self.required, *self.optional)


def _spec(
    name: str,
    required: tuple[str, ...],
    optional: tuple[str, ...] = (),
    dates: frozenset[str] = frozenset(),
    lists: frozenset[str] = frozenset(),
) -> FileSpec:
    return FileSpec(name, ("sourcedId", *required), ("status", "dateLastModified", *optional), dates, lists)


SPECS_11: dict[str, FileSpec] = {
    s.name: s
    for s in (
        _spec("orgs", ("name", "type"), ("identifier", "parentSourcedId")),
        _spec("academicSessions", ("title", "type", "startDate", "endDate", "schoolYear"), ("parentSourcedId",),
              dates=frozenset({"startDate", "endDate"})),
        _spec("courses", ("title", "orgSourcedId"), ("schoolYearSourcedId", "courseCode", "grades", "subjects",
                                                     "subjectCodes"), lists=frozenset({"grades", "subjects"})),
        _spec("classes", ("title", "courseSourcedId", "classType", "schoolSourcedId", "termSourcedIds"),
              ("grades", "classCode", "location", "subjects", "subjectCodes", "periods"),
              lists=frozenset({"grades", "termSourcedIds", "subjects"})),
        _spec("users", ("enabledUser", "orgSourcedIds", "role", "username", "givenName", "familyName"),
              ("userIds", "middleName", "identifier", "email", "sms", "phone", "agentSourcedIds", "grades",
               "password"), lists=frozenset({"orgSourcedIds", "agentSourcedIds", "grades"})),
        _spec("enrollments", ("classSourcedId", "schoolSourcedId", "userSourcedId", "role"),
              ("primary", "beginDate", "endDate"), dates=frozenset({"beginDate", "endDate"})),
        _spec("demographics", (), ("birthDate", "sex", "americanIndianOrAlaskaNative", "asian",
                                   "blackOrAfricanAmerican", "nativeHawaiianOrOtherPacificIslander", "white",
                                   "demographicRaceTwoOrMoreRaces", "hispanicOrLatinoEthnicity",
                                   "countryOfBirthCode", "stateOfBirthAbbreviation", "cityOfBirth",
                                   "publicSchoolResidenceStatus"), dates=frozenset({"birthDate"})),
    )
}  # fmt: skip

# 1.2: users lose role and orgSourcedIds to roles.csv; new optional columns; userProfiles.csv.
SPECS_12: dict[str, FileSpec] = {
    **SPECS_11,
    "users": _spec("users", ("enabledUser", "username", "givenName", "familyName"),
                   ("userIds", "middleName", "identifier", "email", "sms", "phone", "agentSourcedIds", "grades",
                    "password", "userMasterIdentifier", "resourceSourcedIds", "preferredGivenName",
                    "preferredMiddleName", "preferredFamilyName", "primaryOrgSourcedId", "pronouns"),
                   lists=frozenset({"agentSourcedIds", "grades"})),
    "roles": _spec("roles", ("userSourcedId", "roleType", "role", "orgSourcedId"),
                   ("beginDate", "endDate", "userProfileSourcedId"), dates=frozenset({"beginDate", "endDate"})),
    "userProfiles": _spec("userProfiles", ("userSourcedId", "profileType", "vendorId", "credentialType",
                                           "username"), ("applicationId", "description", "password")),
}  # fmt: skip

# Read before the files that point at them, so a reference can be checked as rows stream past.
ORDER = ("orgs", "academicSessions", "courses", "classes", "users", "roles", "userProfiles", "demographics",
         "enrollments")  # fmt: skip


def specs_for(version: str) -> dict[str, FileSpec]:
    return SPECS_12 if version == "1.2" else SPECS_11
