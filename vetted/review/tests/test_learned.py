"""The learned layer: shipped weights load offline and score deterministically; rules and guards win."""

from __future__ import annotations

import json

from vetted.review import PROVISION_IDS, review_bytes
from vetted.review.detect.learned import WEIGHTS_PATH, LearnedModel, features, shipped_model


def _always(pid: str) -> LearnedModel:
    """A stand-in model that is certain `pid` is in every clause it may read."""
    return LearnedModel.from_weights(
        {
            "provisions": list(PROVISION_IDS),
            "bias": {p: (20.0 if p == pid else -20.0) for p in PROVISION_IDS},
            "threshold": dict.fromkeys(PROVISION_IDS, 0.5),
            "weights": {p: {} for p in PROVISION_IDS},
        }
    )


def _review(text: str, learned: object) -> dict[str, dict]:
    result = review_bytes(text.encode(), "clause.txt", learned=learned)  # type: ignore[arg-type]
    return {p["id"]: p for p in result.to_dict()["provisions"]}


def test_shipped_weights_load_from_the_package() -> None:
    assert WEIGHTS_PATH.parent.name == "detect" and WEIGHTS_PATH.parent.parent.name == "review"
    data = json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))
    assert set(data["provisions"]) == set(PROVISION_IDS)
    assert WEIGHTS_PATH.stat().st_size < 1_000_000
    assert shipped_model() is not None


def test_scores_are_deterministic() -> None:
    model = shipped_model()
    assert model is not None
    feats = features(
        "the vendor shall delete all pupil records within 30 days after the agreement ends", {}, False
    )
    first = model.scores(feats)
    second = LearnedModel.from_weights(json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))).scores(feats)
    assert first == second
    assert all(0.0 <= p <= 1.0 for p in first.values())


def test_score_of_one_provision_is_the_very_float_scores_gives() -> None:
    model = shipped_model()
    assert model is not None
    for text in (
        "the vendor shall delete all pupil records within 30 days after the agreement ends",
        "we may share your information with our advertising partners for their own purposes",
        "provider shall notify the district within 72 hours of any unauthorized access",
    ):
        feats = features(text, {"use_limitation": ("positive", 0.9)}, False)
        scores = model.scores(feats)
        assert {pid: model.score(feats, pid) for pid in model.provisions} == scores


def test_layer_adds_a_provision_the_rules_missed_and_can_be_switched_off() -> None:
    text = "Our team keeps every classroom file protected behind two locked doors of its own design."
    assert not _review(text, False)["security_safeguards"]["found"]
    added = _review(text, _always("security_safeguards"))["security_safeguards"]
    assert added["found"] and added["evidence"][0]["quote"].startswith("Our team")


def test_a_guard_wins_over_the_learned_layer() -> None:
    # A disclaimer clause is never read by the layer, however sure the model is.
    text = "The Vendor is not liable if a security incident occurs and makes no promise to report it."
    assert not _review(text, _always("breach_notification"))["breach_notification"]["found"]


def test_a_rule_conflict_wins_over_the_learned_layer() -> None:
    text = "We may sell student personal information to our marketing partners."
    got = _review(text, _always("no_sale"))["no_sale"]
    assert not got["found"] and got["status"] in ("conflict", "not_required") and got["evidence"]


def test_a_user_duty_is_not_read_as_the_vendors() -> None:
    text = "Customer shall keep its passwords secret and protect its own devices against intrusion."
    assert not _review(text, _always("security_safeguards"))["security_safeguards"]["found"]
