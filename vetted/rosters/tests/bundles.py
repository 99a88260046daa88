"""Hand-written OneRoster bundles for the tests: fictional people of Birchfield (reserved .example
domain), written as real exports are (a byte-order mark, CRLF, quoted newlines, vendor columns)."""

from __future__ import annotations

import zipfile
from pathlib import Path

MANIFEST_11 = """propertyName,value
manifest.version,1.0
oneroster.version,1.1
file.academicSessions,bulk
file.categories,absent
file.classes,bulk
file.classResources,absent
file.courses,bulk
file.courseResources,absent
file.demographics,bulk
file.enrollments,bulk
file.lineItems,absent
file.orgs,bulk
file.resources,absent
file.results,absent
file.users,bulk
source.systemName,Fernhill SIS
source.systemCode,FSIS
"""

ORGS = """sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId
org-d,,,Birchfield Public Schools,district,BPS,
org-e,,,Alder Street Elementary,school,ASE,org-d
org-m,,,Birchfield Middle School,school,BMS,org-d
"""

SESSIONS = """sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear
sy-2027,,,2026-2027,schoolYear,2026-08-31,2027-06-18,,2027
t1-2027,,,Fall 2026,term,8/31/2026,1/22/2027,sy-2027,2027
"""

COURSES = """sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects,subjectCodes
c-read4,,,sy-2027,Reading 4,RD4,04,org-e,Reading,
c-sci7,,,sy-2027,Science 7,SC7,07,org-m,"Science,Lab",
"""

CLASSES = """sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods
cl-4a,,,Reading 4 - Room 12,04,c-read4,RD4-A,homeroom,Room 12,org-e,t1-2027,Reading,,1
cl-7b,,,Science 7 - Lab B,07,c-sci7,SC7-B,scheduled,Lab B,org-m,t1-2027,Science,,3
"""

# A BOM, a misspelt optional header ("middlename"), a vendor column, a password column, a quoted
# newline in a name, and CRLF line ends are added by `bundle_11`.
USERS_11 = """\ufeffsourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middlename,identifier,email,sms,phone,agentSourcedIds,grades,password,ext_language
s-1,,,true,org-e,student,anya.r,,Anya,Rourke,,1001,anya.r@students.birchfield.example,,,g-1,04,hunter2,es
s-2,,,TRUE,org-e,student,ben.o,,Ben,"Okafor
Jr.",,1002,,,,"g-2,g-3",04,,en
s-3,,,true,org-m,student,cleo.v,,Cleo,Varga,,1003,,,,g-3,07,,
t-1,,,true,org-e,teacher,m.ellery,,Mara,Ellery,,,m.ellery@birchfield.example,,,,,,
g-1,,,true,org-e,parent,r.rourke,,Ruth,Rourke,,,ruth.rourke@family.example,,,s-1,,,es
g-2,,,true,org-e,guardian,k.okafor,,Kemi,Okafor,,,kemi.okafor@family.example,,,s-2,,,
g-3,,,true,org-e,relative,d.varga,,Dana,Varga,,,,,,"s-2,s-3",,,
"""

ENROLLMENTS = """sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate
e-1,,,cl-4a,org-e,s-1,student,false,2026-08-31,
e-2,,,cl-4a,org-e,s-2,student,false,2026-08-31,
e-3,,,cl-7b,org-m,s-3,student,false,2026-08-31,
e-4,,,cl-4a,org-e,t-1,teacher,true,2026-08-31,
"""

DEMOGRAPHICS = """sourcedId,status,dateLastModified,birthDate,sex,americanIndianOrAlaskaNative,asian,blackOrAfricanAmerican,nativeHawaiianOrOtherPacificIslander,white,demographicRaceTwoOrMoreRaces,hispanicOrLatinoEthnicity,countryOfBirthCode,stateOfBirthAbbreviation,cityOfBirth,publicSchoolResidenceStatus
s-1,,,1/05/2017,female,false,false,false,false,true,false,false,US,CT,Hartford,
s-2,,,2016-11-20,male,false,false,true,false,false,false,false,,,,
"""


def write(folder: Path, files: dict[str, str], crlf: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        data = text.replace("\n", "\r\n") if crlf and name != "manifest.csv" else text
        (folder / name).write_bytes(data.encode("utf-8"))
    return folder


def zipped(folder: Path, target: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, prefix + path.name)
    return target


def files_11(changes: dict[str, str | None] | None = None) -> dict[str, str]:
    """The 1.1 bundle; `changes` replaces a file's text, or removes the file (None)."""
    files = {
        "manifest.csv": MANIFEST_11, "orgs.csv": ORGS, "academicSessions.csv": SESSIONS, "courses.csv": COURSES,
        "classes.csv": CLASSES, "users.csv": USERS_11, "enrollments.csv": ENROLLMENTS,
        "demographics.csv": DEMOGRAPHICS,
    }  # fmt: skip
    for name, text in (changes or {}).items():
        if text is None:
            files.pop(name, None)
        else:
            files[name] = text
    return files


MANIFEST_12 = MANIFEST_11.replace("oneroster.version,1.1", "oneroster.version,1.2") + (
    "file.roles,bulk\nfile.userProfiles,bulk\n"
)

USERS_12 = """sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,resourceSourcedIds,preferredGivenName,preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns
s-1,active,2026-09-01T12:00:00Z,true,anya.r,,Anya,Rourke,,1001,,,,g-1,04,,,,Annie,,,org-e,she/her
g-1,active,2026-09-01T12:00:00Z,true,r.rourke,,Ruth,Rourke,,,ruth.rourke@family.example,,,s-1,,,,,,,,org-e,
"""

ROLES_12 = """sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId
r-1,active,2026-09-01T12:00:00Z,s-1,primary,student,2026-08-31,,org-e,
r-2,active,2026-09-01T12:00:00Z,g-1,primary,parent,,,org-e,
"""

PROFILES_12 = """sourcedId,status,dateLastModified,userSourcedId,profileType,vendorId,applicationId,description,credentialType,username,password
p-1,active,2026-09-01T12:00:00Z,s-1,app,v-quill,quill-studio,Writing app,password,anya.r,S3cret-Pass!
"""


def files_12() -> dict[str, str]:
    files = files_11()
    files.update({"manifest.csv": MANIFEST_12, "users.csv": USERS_12, "roles.csv": ROLES_12,
                  "userProfiles.csv": PROFILES_12,
                  "enrollments.csv": ENROLLMENTS.split("e-2,")[0], "demographics.csv": DEMOGRAPHICS.split("s-2,")[0]})  # fmt: skip
    return files
