"""Deterministic provision detection: meaning patterns over sentences, no model, no network."""

from .engine import Detection, Evidence, detect

__all__ = ["Detection", "Evidence", "detect"]
