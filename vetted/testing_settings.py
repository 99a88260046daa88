"""Settings for the test suite: production's settings (not the demo's), with keys made at random for
this run, so `make test` works on a fresh machine and no test depends on a fixed key."""

import os
import secrets

os.environ.setdefault("VETTED_SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("VETTED_AUDIT_KEY", secrets.token_urlsafe(50))

from vetted.settings import *  # noqa: E402, F403
