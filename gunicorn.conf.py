"""Gunicorn settings for `make run` (and `benchmarks/registry_http.py`, which starts the server the
same way). Environment: HOST, PORT, VETTED_WEB_WORKERS, VETTED_WEB_THREADS, VETTED_ACCESS_LOG ("-" =
stdout, "" = none), VETTED_GC_FREEZE (1 = default; 0 turns the collector tuning below off, to compare),
VETTED_GC_GEN0.

The collector: a Django worker holds ~150,000-190,000 long-lived objects after start-up (modules,
URL patterns, compiled templates, model metadata). Every full collection walks all of them, which
paused a registry request for 80-90 ms every ~130 requests. Once the app is loaded in a worker,
`gc.freeze()` moves everything alive into the permanent generation, which the collector never walks.
Frozen alone, full collections still come (more often: the tracked long-lived set is now small); a
generation-0 threshold of 10,000 instead of 700 makes young collections rarer, so few objects ever
reach the old generation and full collections stop. `benchmarks/registry_http.py --gc-report N`
compares: in-process, 600 listing requests, on a loaded machine: default p99 244 ms with 4 full
collections (up to 538 ms); frozen at 700, p99 180 ms and 9 cheaper full collections; frozen at
10,000, p99 83 ms and none; frozen at 50,000, young collections themselves grow to ~200 ms each.
VETTED_GC_GEN0 changes the threshold.
"""

from __future__ import annotations

import contextlib
import gc
import os
from typing import Any

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("VETTED_WEB_WORKERS", "2"))
threads = int(os.environ.get("VETTED_WEB_THREADS", "4"))
wsgi_app = "vetted.wsgi:application"
accesslog = os.environ.get("VETTED_ACCESS_LOG", "-") or None

GC_FREEZE = os.environ.get("VETTED_GC_FREEZE", "1") != "0"
GEN0_THRESHOLD = int(os.environ.get("VETTED_GC_GEN0", "10000"))


def _warm() -> None:
    """Load what the first requests would otherwise load lazily, so it is frozen too."""
    # Imported here: the config file is read before Django is set up.
    from django.template import TemplateDoesNotExist, engines  # noqa: PLC0415
    from django.urls import get_resolver  # noqa: PLC0415

    get_resolver().url_patterns  # imports every view module  # noqa: B018
    for name in (
        "site/registry/registry.html",
        "site/registry/_registry_results.html",
        "site/registry/registry_detail.html",
    ):
        with contextlib.suppress(TemplateDoesNotExist):  # a renamed template must not stop the server
            engines["django"].get_template(name)


def post_worker_init(worker: Any) -> None:
    """Runs in each worker once it has imported the app, before it takes requests."""
    if not GC_FREEZE:
        return
    _warm()
    gc.collect()
    gc.freeze()
    _, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(GEN0_THRESHOLD, gen1, gen2)
    worker.log.info("gc: froze %d start-up objects; gen0 threshold %d", gc.get_freeze_count(), GEN0_THRESHOLD)
