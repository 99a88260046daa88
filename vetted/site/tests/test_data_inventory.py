"""The data inventory cannot drift: every field that looks personal is listed (as personal, with why and
for how long, or as not personal, with why), every listed field exists, and the checked-in JSON is the
one the source generates. The page and the JSON are public."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

from vetted.site import data_inventory
from vetted.site.management.commands.data_inventory import DOCS_FILE, rendered

# Names that suggest a person or words about one; free-text and structured-text types always count.
LOOKS_PERSONAL = re.compile(
    r"name|email|phone|title|note|reason|body|comment|answer|label|details|position|description|text|"
    r"message|refusal|conditions|planned|information|who_|evidence|snapshot|result|sentences|review|"
    r"red_flags|changes|location|actor|recipient|password|login|address|ip$"
)
TEXTUAL = (models.CharField, models.TextField, models.JSONField)  # EmailField and URLField are CharFields


def looks_personal(field: models.Field[Any, Any]) -> bool:
    if field.is_relation:
        return field.related_model is apps.get_model(settings.AUTH_USER_MODEL) and not field.many_to_many
    if isinstance(field, models.EmailField | models.TextField):
        return True
    if isinstance(field, TEXTUAL) and LOOKS_PERSONAL.search(field.name):
        return True
    return field.name == "last_login"


def project_fields() -> dict[str, Any]:
    return {
        f"{model._meta.label}.{field.name}": field
        for model in apps.get_models()
        if model.__module__.startswith("vetted.")
        for field in model._meta.get_fields()
        if getattr(field, "concrete", False)
    }


def unlisted() -> list[str]:
    listed = {u.field for u in data_inventory.PERSONAL} | set(data_inventory.NOT_PERSONAL)
    return sorted(
        name for name, field in project_fields().items() if looks_personal(field) and name not in listed
    )


def test_every_field_that_looks_personal_is_in_the_inventory() -> None:
    missing = unlisted()
    assert not missing, (
        "These fields look personal but are not in vetted/site/data_inventory.py. Add each to PERSONAL (whose "
        "data, why, which retention) or to NOT_PERSONAL (why not), then run `vetted data_inventory --write`:\n  "
        + "\n  ".join(missing)
    )


def test_the_walk_fails_when_an_entry_is_dropped(monkeypatch: Any) -> None:
    kept = [u for u in data_inventory.PERSONAL if u.field != "outbox.Message.body"]
    monkeypatch.setattr(data_inventory, "PERSONAL", kept)
    assert unlisted() == ["outbox.Message.body"]


def test_the_inventory_names_only_fields_that_exist_once_with_a_known_rule() -> None:
    fields = project_fields()
    personal = [u.field for u in data_inventory.PERSONAL]
    assert sorted(set(personal) - set(fields)) == []
    assert sorted(set(data_inventory.NOT_PERSONAL) - set(fields)) == []
    assert len(personal) == len(set(personal)) and not set(personal) & set(data_inventory.NOT_PERSONAL)
    for use in data_inventory.PERSONAL:
        assert use.retention in data_inventory.RETENTION and use.why
        assert set(use.holds) <= set(data_inventory.CATEGORIES)


def test_the_checked_in_json_is_generated_from_the_source() -> None:
    assert DOCS_FILE.read_text(encoding="utf-8") == rendered(), "run `vetted data_inventory --write`"


@pytest.mark.django_db
def test_anyone_reads_the_inventory_page_and_json(client: Any, settings: Any) -> None:
    settings.VETTED_RETENTION_DAYS = {"outbox_body": 30}
    assert 'href="/data-inventory/"' in client.get("/").content.decode()  # linked from the home page
    page = client.get("/data-inventory/").content.decode()
    assert (
        "outbox.Message.body" in page
        and "erased after 30 days" in page
        and "one way only" in page
        and "rosters.Person.birth_date" in page
    )
    data = client.get("/data-inventory.json").json()
    body = next(f for f in data["fields"] if f["field"] == "outbox.Message.body")
    assert body["retention"] == "outbox_body" and "student_or_family_if_typed" in body["holds"]
    assert data["retention"]["outbox_body"]["erased_after_days"] == 30
    assert data["retention"]["audit_trail"]["erased_after_days"] is None
    assert json.loads(DOCS_FILE.read_text())["retention"]["outbox_body"]["erased_after_days"] == 90
