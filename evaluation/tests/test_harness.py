"""The harness's arithmetic, on small fake results and tiny gold folders made here (no engine)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest

from evaluation import harness
from vetted.review import PROVISION_IDS


def fake_result(found: Iterable[str] = (), *, conflict: Iterable[str] = (), params: Mapping[str, Any] | None = None,
                placeholder: Iterable[str] = (), documents_in_file: int | None = None) -> dict[str, Any]:  # fmt: skip
    found, conflict, placeholder, params = set(found), set(conflict), set(placeholder), dict(params or {})
    provisions = []
    for pid in PROVISION_IDS:
        entry: dict[str, Any] = {
            "id": pid, "found": pid in found, "confidence": 0.9 if pid in found | conflict else 0.0,
            "param": params.get(pid), "evidence": [], "status": "not_required", "required_by": [],
            "reason": "Not required; note the document says the opposite (x)." if pid in conflict
            else "No selected rule requires this provision.",
        }  # fmt: skip
        if pid in placeholder:
            entry["placeholder"] = True
        provisions.append(entry)
    result: dict[str, Any] = {"document": {"name": "x"}, "provisions": provisions}
    if documents_in_file is not None:
        result["documents_in_file"] = documents_in_file
    return result


def gold(
    found: Iterable[str] = (), *, file: str = "corpus/x.txt", kind: str | None = None, **extra: Any
) -> dict[str, Any]:
    found = set(found)
    label: dict[str, Any] = {"file": file, "found": {pid: pid in found for pid in PROVISION_IDS},
                             "conflict": [], "params": {}, "notes": {}}  # fmt: skip
    if kind is not None:
        label["kind"] = kind
    label.update(extra)
    return label


def make_part(root: Path, labels: Mapping[str, dict[str, Any]]) -> Path:
    (root / "gold").mkdir(parents=True)
    (root / "corpus").mkdir()
    for stem, label in labels.items():
        label = {**label, "file": f"corpus/{stem}.txt"}
        (root / "corpus" / f"{stem}.txt").write_text("fictional text", encoding="utf-8")
        (root / "gold" / f"{stem}.json").write_text(json.dumps(label), encoding="utf-8")
    return root


def reviewer_for(results: Mapping[str, dict[str, Any]]) -> harness.Reviewer:
    return lambda path: results[path.stem]


# --------------------------------------------------------------------------- arithmetic


def test_precision_recall_f1() -> None:
    assert harness.prf(2, 1, 1) == pytest.approx((2 / 3, 2 / 3, 2 / 3))
    assert harness.prf(3, 0, 1) == pytest.approx((1.0, 0.75, 6 / 7))
    assert harness.prf(0, 2, 0) == (0.0, 1.0, 0.0)
    assert harness.prf(0, 0, 0) == (1.0, 1.0, 1.0)  # nothing to find, nothing claimed


def test_wilson_interval() -> None:
    low, high = harness.wilson(8, 10)
    assert low == pytest.approx(0.4902, abs=1e-4) and high == pytest.approx(0.9433, abs=1e-4)
    assert harness.wilson(0, 0) == (0.0, 1.0)
    assert harness.wilson(5, 5)[1] == 1.0


def test_bootstrap_is_repeatable_and_brackets_the_estimate() -> None:
    values = [1.0] * 7 + [0.0] * 3

    def mean(idx: Any) -> float:
        return sum(values[i] for i in idx) / len(idx)

    first = harness.bootstrap(len(values), mean, resamples=500)
    assert first == harness.bootstrap(len(values), mean, resamples=500)  # fixed seed
    assert first[0] < 0.7 < first[1] and first != (0.7, 0.7)
    assert harness.bootstrap(4, lambda idx: 0.5, resamples=50) == (0.5, 0.5)


def test_score_document_counts_found_conflict_params_and_placeholders() -> None:
    label = gold({"no_sale", "governing_law", "breach_notification", "severability"},
                 conflict=["deidentified_data"], params={"governing_law": "CT", "breach_notification": None},
                 placeholder=["breach_notification"], documents_in_file=2)  # fmt: skip
    result = fake_result({"no_sale", "governing_law", "breach_notification", "audit_right"},
                         conflict={"deidentified_data", "no_profiling"}, params={"governing_law": "NY",
                         "disposition_at_end": 30}, placeholder={"breach_notification"})  # fmt: skip
    score = harness.score_document(label, result, "x.txt")
    assert score.counts["no_sale"] == (1, 0, 0)
    assert score.counts["audit_right"] == (0, 1, 0)
    assert score.counts["severability"] == (0, 0, 1)
    assert score.conflict == (1, 1, 0)
    assert score.placeholder == (1, 0, 0)
    # governing law judged and wrong; the placeholder judged and right; disposition not judged.
    assert score.params == {
        "governing_law": (1, 0),
        "breach_notification": (1, 1),
        "disposition_at_end": (0, 0),
    }
    assert score.false_params == 1
    assert (score.files_want, score.files_got) == (2, 1)  # no key in the result reads as 1
    assert score.kind == "unknown"


def test_a_refused_document_counts_as_nothing_found() -> None:
    score = harness.score_document(gold({"no_sale"}, params={}), None, "x.pdf", refused="corrupt")
    assert score.counts["no_sale"] == (0, 0, 1) and score.refused == "corrupt"


# --------------------------------------------------------------------------- grouping and parts


def test_per_kind_figures_use_only_that_kinds_documents(tmp_path: Path) -> None:
    root = make_part(tmp_path / "dev", {
        "a": gold({"no_sale"}, kind="privacy_policy"),
        "b": gold({"no_sale"}, kind="privacy_policy"),
        "c": gold({"no_sale", "ownership"}, kind="dpa_vendor", params={"governing_law": None}),
        "d": gold({"ownership"}),
    })  # fmt: skip
    results = {"a": fake_result({"no_sale"}), "b": fake_result({"no_sale"}),
               "c": fake_result(), "d": fake_result({"ownership"})}  # fmt: skip
    reports = harness.evaluate(["development"], roots={"development": root, "frozen": tmp_path / "none"},
                               reviewer=reviewer_for(results), resamples=200)  # fmt: skip
    kinds = reports["development"]["per_kind"]
    assert set(kinds) == {"privacy_policy", "dpa_vendor", "unknown"}
    assert kinds["privacy_policy"]["documents"] == 2 and kinds["privacy_policy"]["macro_f1"] == 1.0
    assert kinds["dpa_vendor"]["macro_f1"] == pytest.approx(18 / 20)  # two provisions missed: F1 0
    assert kinds["unknown"]["macro_f1"] == 1.0
    assert reports["development"]["documents"] == 4


def test_parts_are_scored_and_reported_separately(tmp_path: Path, capsys: Any) -> None:
    roots = {
        "development": make_part(tmp_path / "dev", {"a": gold({"no_sale"}), "b": gold({"no_sale"})}),
        "frozen": make_part(
            tmp_path / "frozen",
            {"f1": gold({"ownership"}), "f2": gold({"ownership"}), "f3": gold({"ownership"})},
        ),  # fmt: skip
    }
    results = {"a": fake_result({"no_sale"}), "b": fake_result({"no_sale"}),
               "f1": fake_result(), "f2": fake_result(), "f3": fake_result()}  # fmt: skip
    assert harness.resolve_parts(None, False, roots) == ["development", "frozen"]
    assert harness.main(["--json", "--resamples", "100"], roots=roots, reviewer=reviewer_for(results)) == 0
    reports = json.loads(capsys.readouterr().out)
    assert set(reports) == {"development", "frozen"}
    assert reports["development"]["documents"] == 2 and reports["frozen"]["documents"] == 3
    assert reports["development"]["macro_f1"] == 1.0
    assert reports["frozen"]["per_provision"]["ownership"]["recall"] == 0.0
    assert reports["development"]["per_provision"]["ownership"]["fn"] == 0  # nothing pooled across
    assert "misses" not in reports["frozen"] and "misses" not in reports["development"]
    harness.main(["--resamples", "100"], roots=roots, reviewer=reviewer_for(results))
    text = capsys.readouterr().out
    assert "DEVELOPMENT part" in text and "FROZEN test part" in text


def test_misses_are_refused_for_the_frozen_part(tmp_path: Path, capsys: Any) -> None:
    roots = {"development": make_part(tmp_path / "dev", {"a": gold({"no_sale"})}),
             "frozen": make_part(tmp_path / "frozen", {"f": gold({"ownership"})})}  # fmt: skip
    results = {"a": fake_result(), "f": fake_result()}
    for argv in (
        ["--part", "frozen", "--misses"],
        ["--part", "frozen2", "--misses"],
        ["--part", "both", "--misses"],
    ):
        with pytest.raises(SystemExit) as exc:
            harness.main(argv, roots=roots, reviewer=reviewer_for(results))
        assert exc.value.code == 2
        assert "never inspected for tuning" in capsys.readouterr().err
    # --misses alone means the development part only; its misses name the document.
    assert harness.resolve_parts(None, True, roots) == ["development"]
    harness.main(["--misses", "--json", "--resamples", "50"], roots=roots, reviewer=reviewer_for(results))
    reports = json.loads(capsys.readouterr().out)
    assert list(reports) == ["development"]
    assert reports["development"]["misses"][0]["doc"] == "a.txt"


def test_without_a_frozen_part_only_development_is_scored(tmp_path: Path) -> None:
    roots = {"development": make_part(tmp_path / "dev", {"a": gold()}), "frozen": tmp_path / "absent"}
    assert harness.resolve_parts(None, False, roots) == ["development"]


def test_documents_in_file_and_parameter_accuracy_over_a_part(tmp_path: Path) -> None:
    root = make_part(tmp_path / "dev", {
        "one": gold({"governing_law"}, params={"governing_law": "VT"}),
        "two": gold({"governing_law"}, params={"governing_law": "OR"}, documents_in_file=3),
        "three": gold({"breach_notification"}, params={"breach_notification": 72}),
    })  # fmt: skip
    results = {
        "one": fake_result({"governing_law"}, params={"governing_law": "VT"}, documents_in_file=2),
        "two": fake_result({"governing_law"}, params={"governing_law": "OR"}, documents_in_file=3),
        "three": fake_result({"breach_notification"}, params={"breach_notification": 48}),
    }
    report = harness.evaluate(["development"], roots={"development": root, "frozen": tmp_path / "x"},
                              reviewer=reviewer_for(results), resamples=200)["development"]  # fmt: skip
    assert report["param_accuracy"]["correct"] == 2 and report["param_accuracy"]["judged"] == 3
    assert report["per_param"]["governing_law"]["accuracy"] == 1.0
    assert report["per_param"]["breach_notification"]["accuracy"] == 0.0
    assert report["per_param"]["disposition_at_end"]["judged"] == 0
    files = report["documents_in_file"]
    assert files["right"] == 2 and files["judged"] == 3
    several = files["several_documents"]
    assert (several["tp"], several["fp"], several["fn"]) == (1, 1, 0)
    low, high = report["param_accuracy"]["wilson_ci"]
    assert low < 2 / 3 < high
