"""gunicorn.conf.py, the web server's settings `make run` and the HTTP benchmark use."""

from __future__ import annotations

import gc
import logging
import re
import runpy
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]


def load(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, Any]:
    for name in ("HOST", "PORT", "VETTED_WEB_WORKERS", "VETTED_WEB_THREADS", "VETTED_GC_FREEZE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_make_run_starts_gunicorn_with_the_config_file() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"bin/gunicorn --config gunicorn\.conf\.py", makefile)


def test_the_defaults_are_two_workers_of_four_threads_on_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    conf = load(monkeypatch)
    assert (conf["bind"], conf["workers"], conf["threads"]) == ("127.0.0.1:8000", 2, 4)
    assert conf["wsgi_app"] == "vetted.wsgi:application"


def test_a_worker_freezes_what_start_up_left_alive(monkeypatch: pytest.MonkeyPatch) -> None:
    conf = load(monkeypatch)
    before = gc.get_threshold()
    worker = SimpleNamespace(log=logging.getLogger("test"))
    try:
        conf["post_worker_init"](worker)
        assert gc.get_freeze_count() > 1000
        assert gc.get_threshold()[0] == conf["GEN0_THRESHOLD"]
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_the_tuning_can_be_turned_off_to_compare(monkeypatch: pytest.MonkeyPatch) -> None:
    conf = load(monkeypatch, VETTED_GC_FREEZE="0")
    before = gc.get_threshold()
    conf["post_worker_init"](SimpleNamespace(log=logging.getLogger("test")))
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == before
