"""Production defaults, tried as a careless operator or an attacker would: each case starts Vetted in a
fresh process with nothing but the environment it names (settings are read once, at start)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

ROOT = Path(settings.PROJECT_DIR)
SHOW_SETTINGS = """
import hashlib, json, django
django.setup()
from django.conf import settings as s
digest = lambda key: hashlib.sha256(key.encode()).hexdigest()
print(json.dumps({"secret": digest(s.SECRET_KEY), "audit": digest(s.AUDIT_HMAC_KEY),
                  "secure_cookies": [s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE],
                  "proxy": s.SECURE_PROXY_SSL_HEADER, "redirect": s.SECURE_SSL_REDIRECT,
                  "hsts": [s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD],
                  "form_action": s.CONTENT_SECURITY_POLICY["form-action"]}))
"""


def new_key() -> str:
    return secrets.token_urlsafe(50)


def start(tmp_path: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -c SHOW_SETTINGS` (or `vetted ARGS`) with only `env` of Vetted's variables set."""
    ours = (
        "VETTED_",
        "DJANGO_",
        "DATABASE_URL",
    )  # the suite's own (random keys, async-unsafe for Playwright)
    clean = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    clean |= {"DJANGO_SETTINGS_MODULE": "vetted.settings", "VETTED_VAR_DIR": str(tmp_path / "var"), **env}
    command = (
        [sys.executable, "-m", "vetted.manage", *args] if args else [sys.executable, "-c", SHOW_SETTINGS]
    )
    return subprocess.run(
        command, env=clean, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )  # noqa: S603


def refused(result: subprocess.CompletedProcess[str], message: str) -> bool:
    return result.returncode != 0 and "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    result = start(tmp_path, {"VETTED_AUDIT_KEY": new_key()})
    assert refused(result, "VETTED_SECRET_KEY is not set"), result.stderr[-600:]
    assert "VETTED_DEMO_MODE=1" in result.stderr  # the message says how a developer gets going
    assert not (tmp_path / "var" / "keys").exists()  # nothing was made up in its place


@pytest.mark.parametrize("weak", ["dev-only-insecure-key-change-me", "short-but-secret"])
def test_production_refuses_to_start_on_the_development_key(tmp_path: Path, weak: str) -> None:
    result = start(tmp_path, {"VETTED_SECRET_KEY": weak, "VETTED_AUDIT_KEY": new_key()})
    assert refused(result, "VETTED_SECRET_KEY is too weak"), result.stderr[-600:]


def test_production_refuses_to_start_without_an_audit_key(tmp_path: Path) -> None:
    result = start(tmp_path, {"VETTED_SECRET_KEY": new_key()})
    assert refused(result, "VETTED_AUDIT_KEY is not set"), result.stderr[-600:]


def test_an_audit_key_that_is_the_secret_key_is_refused(tmp_path: Path) -> None:
    key = new_key()
    result = start(tmp_path, {"VETTED_SECRET_KEY": key, "VETTED_AUDIT_KEY": key})
    assert refused(result, "VETTED_AUDIT_KEY must differ from VETTED_SECRET_KEY"), result.stderr[-600:]


def test_debug_does_not_let_production_run_on_a_known_key(tmp_path: Path) -> None:
    weak = "dev-only-insecure-key-change-me"
    result = start(tmp_path, {"VETTED_DEBUG": "1", "VETTED_SECRET_KEY": weak, "VETTED_AUDIT_KEY": new_key()})
    assert refused(result, "VETTED_SECRET_KEY is too weak"), result.stderr[-600:]


def test_demo_mode_makes_its_keys_once_per_install_and_keeps_them(tmp_path: Path) -> None:
    first = start(tmp_path, {"VETTED_DEMO_MODE": "1"})
    again = start(tmp_path, {"VETTED_DEMO_MODE": "1"})
    other_install = start(tmp_path / "other", {"VETTED_DEMO_MODE": "1"})
    assert first.returncode == 0, first.stderr[-600:]
    a, b, c = (json.loads(r.stdout) for r in (first, again, other_install))
    assert (a["secret"], a["audit"]) == (b["secret"], b["audit"])  # sessions survive a restart
    assert a["secret"] != c["secret"] and a["audit"] != c["audit"]  # no two installs share a key
    assert a["secret"] != a["audit"]
    assert a["secret"] != hashlib.sha256(b"dev-only-insecure-key-change-me").hexdigest()
    assert a["secure_cookies"] == [False, False]  # the demo is served over plain HTTP
    for kept in (tmp_path / "var" / "keys").iterdir():
        assert kept.stat().st_mode & 0o077 == 0, kept  # readable by the server's user only


def test_production_cookies_are_https_only_unless_the_operator_says_otherwise(tmp_path: Path) -> None:
    keys = {"VETTED_SECRET_KEY": new_key(), "VETTED_AUDIT_KEY": new_key()}
    assert json.loads(start(tmp_path, keys).stdout)["secure_cookies"] == [True, True]
    plain = start(tmp_path, keys | {"VETTED_SECURE_COOKIES": "0"})
    assert json.loads(plain.stdout)["secure_cookies"] == [False, False]


def test_forms_post_only_to_vetted_unless_an_identity_provider_is_named(tmp_path: Path) -> None:
    keys = {"VETTED_SECRET_KEY": new_key(), "VETTED_AUDIT_KEY": new_key()}
    assert json.loads(start(tmp_path, keys).stdout)["form_action"] == ["'self'"]
    named = keys | {"VETTED_CSP_FORM_ACTION": "https://idp.district.example https://login.idp.example"}
    shown = json.loads(start(tmp_path, named).stdout)["form_action"]
    assert shown == ["'self'", "https://idp.district.example", "https://login.idp.example"]


def readme_production_env() -> dict[str, str]:
    """The `export NAME=VALUE` lines of the README's production block, placeholders given real keys."""
    block = re.search(r"## Production\n.*?```sh\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    assert block, "README.md has no Production section with a sh block"
    env = {}
    for name, value in re.findall(r"^export (\w+)=('[^']*'|\S+)", block.group(1), re.M):
        value = value.strip("'")
        env[name] = new_key() if value.startswith("<") else value
    return env


def test_deploy_checks_are_clean_under_the_readme_production_settings(tmp_path: Path) -> None:
    env = readme_production_env()
    assert {
        "VETTED_SECRET_KEY",
        "VETTED_AUDIT_KEY",
        "VETTED_HSTS_SECONDS",
        "VETTED_SSL_REDIRECT",
    } <= env.keys()
    shown = json.loads(start(tmp_path, env).stdout)
    assert shown["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"] and shown["redirect"] is True
    assert shown["hsts"] == [31536000, True, True] and shown["secure_cookies"] == [True, True]
    result = start(tmp_path, env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_checks_warn_when_https_settings_are_left_out(tmp_path: Path) -> None:
    env = {k: v for k, v in readme_production_env().items() if "HSTS" not in k and "SSL" not in k}
    result = start(tmp_path, env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0 and "security.W004" in result.stderr and "security.W008" in result.stderr


def test_a_malformed_proxy_header_setting_is_refused(tmp_path: Path) -> None:
    env = {"VETTED_SECRET_KEY": new_key(), "VETTED_AUDIT_KEY": new_key(), "VETTED_PROXY_SSL_HEADER": "https"}
    assert refused(start(tmp_path, env), "VETTED_PROXY_SSL_HEADER must look like"), (
        "accepted a header with no value"
    )


# --- in this process: what the settings do to requests ---------------------------------------


@pytest.mark.django_db
def test_plain_http_behind_the_proxy_is_redirected_to_https_and_told_hsts(settings: Any, client: Any) -> None:
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS, settings.SECURE_HSTS_INCLUDE_SUBDOMAINS, settings.SECURE_HSTS_PRELOAD = (
        600,
        True,
        True,
    )
    plain = client.get("/", HTTP_X_FORWARDED_PROTO="http")
    assert plain.status_code == 301 and plain["Location"] == "https://testserver/"
    secure = client.get("/", HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=600; includeSubDomains; preload"
    assert client.get("/healthz", HTTP_X_FORWARDED_PROTO="http").status_code == 200  # the proxy's own probe


@pytest.mark.django_db
def test_session_cookie_is_never_sent_over_plain_http(client: Any, tenant: Any) -> None:
    """The suite runs with production defaults: the sign-in's cookies carry Secure."""
    response = client.post(
        "/accounts/login/", {"login": tenant.user("staff").email, "password": "correct-horse-9"}
    )
    assert response.status_code == 302
    assert response.cookies["sessionid"]["secure"] is True
    assert response.cookies["csrftoken"]["secure"] is True


@pytest.mark.parametrize("target", ["run", "lint"])
def test_make_run_and_lint_say_they_are_a_demo(target: str) -> None:
    """`make run` and `make lint` work on a fresh machine because they set VETTED_DEMO_MODE=1 (and
    only they do: a server started any other way is production). A probe stops make before it works."""
    env = {k: v for k, v in os.environ.items() if k != "VETTED_DEMO_MODE"}
    probe = subprocess.run(  # noqa: S603
        ["make", "-s", "-o", ".venv/.installed", "--eval", f"{target}: probe",  # noqa: S607
         "--eval", 'probe: ; @echo "demo=$$VETTED_DEMO_MODE"; exit 3', target],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert probe.returncode != 0 and probe.stdout.strip() == "demo=1", probe.stdout + probe.stderr
