"""The API's throttles tried as an attacker would: a flood of anonymous calls, a made-up
X-Forwarded-For on every call, one person's script running wild. Each test sets its own rates (the
suite gives every test a fresh cache), so nothing here depends on the deployment's numbers."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest

from vetted.api_tokens.services import create_token

pytestmark = pytest.mark.django_db

PUBLIC_URL = "/api/v1/subjects/"  # public reference data: anyone may call it


@pytest.fixture
def rates(settings: Any) -> Any:
    def _set(**scopes: str) -> None:
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": scopes}

    return _set


def test_700_anonymous_calls_get_429_after_the_limit(client: Any, rates: Any) -> None:
    rates(anon="600/minute", user="2000/minute")  # the documented defaults
    statuses = [client.get(PUBLIC_URL).status_code for _ in range(700)]
    assert statuses[:600] == [200] * 600
    assert statuses[600:] == [429] * 100
    refused = client.get(PUBLIC_URL)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused["Content-Type"] == "application/json"
    assert refused.json()["detail"].startswith("Request was throttled.")


def test_a_made_up_x_forwarded_for_does_not_dodge_the_anonymous_limit(client: Any, rates: Any) -> None:
    rates(anon="20/minute", user="2000/minute")
    statuses = [
        client.get(PUBLIC_URL, headers={"X-Forwarded-For": f"203.0.113.{i}"}).status_code for i in range(30)
    ]
    assert statuses.count(200) == 20 and statuses.count(429) == 10


def test_one_person_s_script_is_limited_and_others_are_not(client: Any, tenant: Any, rates: Any) -> None:
    rates(anon="600/minute", user="10/minute")
    url = f"/api/v1/districts/{tenant.district.slug}/vendors/"
    mine = create_token(tenant.user("staff"), name="runaway", days=1).secret
    theirs = create_token(tenant.user("reviewer"), name="calm", days=1).secret
    statuses = [client.get(url, headers={"Authorization": f"Token {mine}"}).status_code for _ in range(15)]
    assert statuses == [200] * 10 + [429] * 5
    assert client.get(url, headers={"Authorization": f"Token {theirs}"}).status_code == 200
    # The same person in the browser (session) shares the person's count.
    client.force_login(tenant.user("staff"))
    assert client.get(url).status_code == 429


def test_rates_come_from_the_environment() -> None:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='vetted.settings'; django.setup();"
        "from django.conf import settings as s; r=s.REST_FRAMEWORK;"
        "print(r['DEFAULT_THROTTLE_RATES']['anon'], r['DEFAULT_THROTTLE_RATES']['user'],"
        " r['DEFAULT_THROTTLE_CLASSES'][0], s.VETTED_API_TOKEN_DAYS)"
    )
    env = {**os.environ, "VETTED_API_RATE_ANON": "7/minute", "VETTED_API_RATE_USER": "70/hour",
           "VETTED_API_TOKEN_DAYS": "30"}  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["7/minute", "70/hour", "vetted.kit.throttling.AnonThrottle", "30"]


def test_the_schema_tells_clients_every_call_may_be_throttled(client: Any) -> None:
    import yaml

    schema = yaml.safe_load(client.get("/api/schema/").content)
    operations = [op for item in schema["paths"].values() for op in item.values() if isinstance(op, dict)]
    assert len(operations) > 30
    assert all("Retry-After" in op["responses"]["429"]["headers"] for op in operations)
    assert all(op["responses"]["429"]["content"]["application/json"] for op in operations)


def test_700_guessed_tokens_get_429_after_the_anonymous_limit(client: Any, tenant: Any, rates: Any) -> None:
    rates(anon="600/minute", user="2000/minute")
    url = f"/api/v1/districts/{tenant.district.slug}/audit-events/"
    statuses = [
        client.get(url, headers={"Authorization": f"Token vetted_guess{i:04d}_x"}).status_code
        for i in range(700)
    ]
    assert statuses[:600] == [401] * 600
    assert statuses[600:] == [429] * 100
    # A person with a real token is not held back by someone else's flood from the same address.
    secret = create_token(tenant.user("auditor"), name="real", days=1).secret
    assert client.get(url, headers={"Authorization": f"Token {secret}"}).status_code == 200


def test_anonymous_calls_to_private_endpoints_are_throttled_too(client: Any, tenant: Any, rates: Any) -> None:
    rates(anon="20/minute", user="2000/minute")
    url = f"/api/v1/districts/{tenant.district.slug}/vendors/"
    statuses = [client.get(url).status_code for _ in range(25)]
    assert statuses == [401] * 20 + [429] * 5
    assert int(client.get(url)["Retry-After"]) > 0


SEPARATE_PROCESS = """
import django, os
os.environ["DJANGO_SETTINGS_MODULE"] = "vetted.settings"
django.setup()
from django.test import RequestFactory
from rest_framework.request import Request
from vetted.kit.throttling import AnonThrottle
allowed = 0
for _ in range(20):
    request = Request(RequestFactory().get("/api/v1/subjects/", REMOTE_ADDR="198.51.100.7"))
    allowed += AnonThrottle().allow_request(request, None)
print(allowed)
"""


def test_web_processes_together_never_allow_more_than_the_limit(tmp_path: Any) -> None:
    """gunicorn runs several processes, each counting anonymous callers in its own memory with its
    share of the limit: an attacker spreading calls over every process still meets the limit."""
    env = {**os.environ, "VETTED_VAR_DIR": str(tmp_path), "VETTED_API_RATE_ANON": "15/minute",
           "VETTED_WEB_WORKERS": "2"}  # fmt: skip
    env.pop("DATABASE_URL", None)

    def run() -> int:
        out = subprocess.run(
            [sys.executable, "-c", SEPARATE_PROCESS], env=env, capture_output=True, text=True
        )
        assert out.returncode == 0, out.stderr[-2000:]
        return int(out.stdout.split()[-1])

    assert [run(), run()] == [7, 7]  # 15 // 2 each: 14 in all, never more than 15


def test_an_anonymous_call_writes_nothing_to_the_shared_cache(client: Any) -> None:
    from django.core.cache import cache

    cache.clear()
    assert client.get(PUBLIC_URL).status_code == 200
    assert cache.get("throttle_anon_127.0.0.1") is None and cache.get("throttle_user_127.0.0.1") is None
