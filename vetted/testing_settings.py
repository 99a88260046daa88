"""Settings for the test suite: production's settings (not the demo's, whatever the developer's shell
says), with keys made at random for this run, so `make test` works on a fresh machine and no test
depends on a fixed key."""

import os
import secrets

for _name in ("VETTED_DEMO_MODE", "VETTED_DEBUG", "VETTED_SECURE_COOKIES"):
    os.environ.pop(_name, None)
os.environ.setdefault("VETTED_SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("VETTED_AUDIT_KEY", secrets.token_urlsafe(50))

from vetted.settings import *  # noqa: E402, F403

# Every test gets a fresh cache (conftest), so a process must not trust a taxonomy version it read in
# an earlier test; the recheck interval itself is tested where it is set.
VETTED_TAXONOMY_RECHECK_SECONDS = 0

# Rendered pages kept by ETag would outlive a test: databases roll back and ids repeat.
VETTED_PAGE_CACHE = False
