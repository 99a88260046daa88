"""Reading OneRoster bundles as real exports write them (issue 11, item 1): what is tolerated with a
warning, and what is refused with the file, line and column named."""

from __future__ import annotations

from pathlib import Path

import pytest

from vetted.rosters.oneroster import Bundle, Row, open_bundle, parse_date

from .bundles import MANIFEST_11, USERS_11, files_11, files_12, write, zipped


def _all_rows(bundle: Bundle, name: str) -> list[Row]:
    return list(bundle.rows(name))


def _fatal(bundle: Bundle) -> list[str]:
    return [str(p) for p in bundle.problems if p.fatal]


def test_a_messy_11_export_is_read_with_warnings(tmp_path: Path) -> None:
    bundle = open_bundle(write(tmp_path / "b", files_11()))
    assert bundle.version == "1.1" and bundle.ok
    assert bundle.files() == ["orgs", "academicSessions", "courses", "classes", "users", "demographics",
                              "enrollments"]  # fmt: skip
    users = {r.get("sourcedId"): r for r in bundle.rows("users")}
    assert set(users) == {"s-1", "s-2", "s-3", "t-1", "g-1", "g-2", "g-3"}
    assert users["s-2"].get("familyName") == "Okafor\r\nJr."  # a quoted newline stays in its value
    assert users["s-2"].line == 3 and users["s-3"].line == 5  # lines count as the file has them
    assert users["s-1"].extras == {"ext_language": "es"}  # the vendor's column, kept apart
    assert "password" not in users["s-1"].values  # never kept
    assert "sourcedId" in users["s-1"].values  # the byte-order mark did not stick to the first header
    warnings = [str(p) for p in bundle.problems if not p.fatal]
    assert any("column middlename" in w and "middleName" in w for w in warnings)
    assert bundle.ok


def test_us_dates_are_read() -> None:
    assert str(parse_date("1/05/2023")) == "2023-01-05" and str(parse_date("2023-01-05")) == "2023-01-05"


def test_a_zip_with_its_files_in_a_folder_reads_the_same(tmp_path: Path) -> None:
    folder = write(tmp_path / "b", files_11())
    bundle = open_bundle(zipped(folder, tmp_path / "roster.zip", prefix="export-2026-09/"))
    assert bundle.ok and len(_all_rows(bundle, "users")) == 7 and len(_all_rows(bundle, "enrollments")) == 4


def test_a_12_bundle_reads_roles_and_profiles_and_drops_their_passwords(tmp_path: Path) -> None:
    bundle = open_bundle(write(tmp_path / "b", files_12()))
    assert bundle.version == "1.2" and bundle.ok
    assert "roles" in bundle.files() and "userProfiles" in bundle.files()
    profile = _all_rows(bundle, "userProfiles")[0]
    assert profile.get("username") == "anya.r" and "password" not in profile.values
    assert [r.get("role") for r in bundle.rows("roles")] == ["student", "parent"]


def test_a_manifest_naming_an_absent_file_reads_it_as_absent(tmp_path: Path) -> None:
    bundle = open_bundle(write(tmp_path / "b", files_11({"demographics.csv": None})))
    assert bundle.ok and "demographics" not in bundle.files()
    assert any("no such file" in str(p) and not p.fatal for p in bundle.problems)


def test_no_manifest_is_refused(tmp_path: Path) -> None:
    bundle = open_bundle(write(tmp_path / "b", files_11({"manifest.csv": None})))
    assert not bundle.ok and "manifest.csv: The bundle has no manifest.csv" in _fatal(bundle)[0]


def test_an_unknown_version_is_refused(tmp_path: Path) -> None:
    manifest = MANIFEST_11.replace("oneroster.version,1.1", "oneroster.version,9.9")
    bundle = open_bundle(write(tmp_path / "b", files_11({"manifest.csv": manifest})))
    assert _fatal(bundle) == [
        "manifest.csv, column oneroster.version: OneRoster version “9.9” is not 1.1 or 1.2."
    ]


@pytest.mark.parametrize(
    ("users", "expected"),
    [
        (
            USERS_11.replace(",familyName,", ",surname,"),
            "users.csv, line 1, column familyName: This required column is missing.",
        ),
        (
            USERS_11.replace(
                "s-3,,,true,org-m,student,cleo.v,,Cleo,Varga", "s-3,,,true,org-m,student,cleo.v,,,Varga"
            ),
            "users.csv, line 5, column givenName: This required value is empty.",
        ),
        (
            USERS_11.replace("t-1,,,true,org-e,teacher", "t-1,,,true,org-e,wizard"),
            "users.csv, line 6, column role: “wizard” is not a OneRoster role.",
        ),
        (
            USERS_11.replace("g-1,,,true,", "g-1,,,maybe,"),
            "users.csv, line 7, column enabledUser: “maybe” is not true or false.",
        ),
        (
            USERS_11.replace(
                'g-3,,,true,org-e,relative,d.varga,,Dana,Varga,,,,,,"s-2,s-3",,,',
                'g-3,,,true,org-e,relative,d.varga,,Dana,Varga,,,,,,"s-2,s-3",,,,surplus',
            ),
            "users.csv, line 9: 20 values where the header has 19.",
        ),
    ],
    ids=["missing-column", "empty-required-value", "unknown-role", "not-a-boolean", "too-many-values"],
)
def test_what_cannot_be_read_is_named_by_file_line_and_column(
    tmp_path: Path, users: str, expected: str
) -> None:
    bundle = open_bundle(write(tmp_path / "b", files_11({"users.csv": users})))
    list(bundle.rows("users"))
    assert expected in _fatal(bundle)


def test_a_date_that_is_not_one_is_refused(tmp_path: Path) -> None:
    bad = files_11()["enrollments.csv"].replace(
        "e-3,,,cl-7b,org-m,s-3,student,false,2026-08-31", "e-3,,,cl-7b,org-m,s-3,student,false,31.08.2026"
    )
    bundle = open_bundle(write(tmp_path / "b", files_11({"enrollments.csv": bad})))
    rows = list(bundle.rows("enrollments"))
    assert len(rows) == 3
    assert _fatal(bundle) == [
        "enrollments.csv, line 4, column beginDate: “31.08.2026” is not a date (write 2023-01-05 or 1/05/2023)."
    ]


def test_text_that_is_not_utf8_is_refused_at_its_line(tmp_path: Path) -> None:
    folder = write(tmp_path / "b", files_11())
    data = (folder / "orgs.csv").read_bytes().replace(b"Alder Street", "Alder Straße".encode("latin-1"))
    (folder / "orgs.csv").write_bytes(data)
    bundle = open_bundle(folder)
    list(bundle.rows("orgs"))
    assert any(p.file == "orgs.csv" and "Not UTF-8" in p.message for p in bundle.problems if p.fatal)


def test_a_zip_bomb_is_refused(tmp_path: Path) -> None:
    folder = write(
        tmp_path / "b", files_11({"orgs.csv": "sourcedId,name,type\n" + "x" * 5_000_000 + ",a,b\n"})
    )
    bundle = open_bundle(zipped(folder, tmp_path / "bomb.zip"))
    assert list(bundle.rows("orgs")) == []
    assert any("inflates" in str(p) for p in bundle.problems if p.fatal)


def test_a_file_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "roster.zip"
    path.write_bytes(b"%PDF-1.7 not a roster")
    bundle = open_bundle(path)
    assert not bundle.ok and "Not a readable zip or folder" in _fatal(bundle)[0]
