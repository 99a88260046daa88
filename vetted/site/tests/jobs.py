"""Worker jobs used by the worker's own test."""

from datetime import datetime


def count_one(now: datetime) -> int:
    return 1


def explode(now: datetime) -> int:
    raise RuntimeError("this job always fails")
