"""A learned layer under the rules: one logistic model per provision, scored on each clause.

Features of a clause (its normalized text with lead-in and label): word unigrams and bigrams,
word-initial character 4- and 6-grams (so "profil", "re-ide" and "deidentif" generalise across
forms), and the rules' outcome on the same clause for every provision. The weights are trained on
the development corpus by `evaluation/train_learned.py` (deterministic, pure Python) and shipped as
`learned_weights.json` next to this module; nothing is downloaded.

The rules stay the high-precision layer: the model only adds a provision the rules did not find,
never in a clause a guard set aside (those clauses are not scored at all), never where the rules
read a conflict, and never for a clause whose subject is the district or a user.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

WEIGHTS_PATH = Path(__file__).with_name("learned_weights.json")
_TOKEN = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")
_MAX_TOKENS = 80  # a long clause's tail adds little and costs time


def features(norm: str, hits: dict[str, tuple[str, float]], user_subject: bool) -> set[str]:
    """The feature names of one clause (binary features)."""
    tokens = _TOKEN.findall(norm)[:_MAX_TOKENS]
    out = {f"w:{t}" for t in tokens}
    out.update(f"b:{a}_{b}" for a, b in zip(tokens, tokens[1:], strict=False))
    for t in tokens:
        if len(t) >= 5:
            out.add(f"c4:{t[:4]}")
        if len(t) >= 7:
            out.add(f"c6:{t[:6]}")
    for pid, (kind, _weight) in hits.items():
        out.add(f"r:{pid}:{kind}")
    if user_subject:
        out.add("user_subject")
    return out


@dataclass
class LearnedModel:
    """Per-provision logistic models over shared sparse features."""

    bias: dict[str, float]
    threshold: dict[str, float]
    # feature -> ((provision index, weight), ...): one lookup per feature scores every provision
    table: dict[str, tuple[tuple[int, float], ...]]
    provisions: tuple[str, ...]

    @classmethod
    def from_weights(cls, data: dict[str, Any]) -> LearnedModel:
        provisions = tuple(data["provisions"])
        table: dict[str, list[tuple[int, float]]] = {}
        for i, pid in enumerate(provisions):
            for feature, weight in data["weights"][pid].items():
                table.setdefault(feature, []).append((i, float(weight)))
        return cls(
            bias={pid: float(data["bias"][pid]) for pid in provisions},
            threshold={pid: float(data["threshold"][pid]) for pid in provisions},
            table={k: tuple(v) for k, v in table.items()},
            provisions=provisions,
        )

    def scores(self, feats: set[str]) -> dict[str, float]:
        """Probability per provision that this clause states it."""
        sums = [self.bias[pid] for pid in self.provisions]
        table = self.table
        for feature in feats:
            entries = table.get(feature)
            if entries:
                for i, w in entries:
                    sums[i] += w
        return {pid: _sigmoid(s) for pid, s in zip(self.provisions, sums, strict=True)}

    def score(self, feats: set[str], pid: str) -> float:
        """`scores(feats)[pid]` alone, for a clause read for only one or two provisions: the same
        additions in the same order (the order of `feats`), so the very same float."""
        weights = self._weights_by_provision[pid]
        total = self.bias[pid]
        for feature in feats:
            weight = weights.get(feature)
            if weight is not None:
                total += weight
        return _sigmoid(total)

    @cached_property
    def _weights_by_provision(self) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {pid: {} for pid in self.provisions}
        for feature, entries in self.table.items():
            for i, weight in entries:
                out[self.provisions[i]][feature] = weight
        return out


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


@lru_cache(maxsize=1)
def shipped_model() -> LearnedModel | None:
    """The model trained on the development corpus, or None if the weights file is absent."""
    try:
        data = json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return LearnedModel.from_weights(data)
