"""The worker loop: drains run back to back while they find work and every `idle` seconds when they
do not; interval jobs keep their own interval."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from vetted.kit import worker

CALLS: dict[str, list[float]] = {"drain": [], "job": []}
WORK = {"left": 0}


def fake_drain(now: datetime) -> int:
    CALLS["drain"].append(time.monotonic())
    if WORK["left"]:
        WORK["left"] -= 1
        return 1
    return 0


def fake_job(now: datetime) -> int:
    CALLS["job"].append(time.monotonic())
    return 0


def test_drains_run_until_empty_then_sleep_briefly_and_jobs_keep_their_interval(
    settings: Any, monkeypatch: Any
) -> None:
    settings.VETTED_WORKER_DRAINS = [f"{__name__}.fake_drain"]
    settings.VETTED_WORKER_JOBS = [f"{__name__}.fake_job"]
    CALLS["drain"].clear()
    CALLS["job"].clear()
    WORK["left"] = 7
    clock = {"now": 1000.0}
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        clock["now"] += seconds

    monkeypatch.setattr(time, "monotonic", lambda: clock["now"])
    monkeypatch.setattr(time, "sleep", sleep)
    monkeypatch.setattr(worker, "close_old_connections", lambda: None)  # no database here
    worker.run_forever(interval=15, stop_after=3, idle=1)

    assert len(CALLS["job"]) == 3  # one round of the interval jobs per 15 s
    assert CALLS["job"] == [1000.0, 1015.0, 1030.0]
    assert CALLS["drain"][:8] == [1000.0] * 8  # 7 batches back to back, then one that found nothing
    assert sleeps and max(sleeps) <= 1  # idle: a short nap, never the whole interval
    assert len(CALLS["drain"]) >= 30  # the queue is looked at every second in between
