"""Messages are rows: queued once per key, sent after commit over real SMTP, retried after failure."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction

from vetted.outbox.models import Message
from vetted.outbox.services import MAX_ATTEMPTS, deliver, deliver_pending, queue

pytestmark = pytest.mark.django_db(transaction=True)


def _queue(tenant: Any, key: str = "k1") -> Message | None:
    with transaction.atomic():
        return queue(tenant.district, kind="test.hello", to="parent@birchfield.example", key=key,
                     subject="Hello\\n  there", body="Body text", about=tenant.district)  # fmt: skip


def test_sent_after_commit_once_per_key(tenant: Any, smtp_server: Any) -> None:
    message = _queue(tenant)
    assert message is not None
    assert _queue(tenant) is None  # same key: not queued again
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 1)
    assert message.subject_type == "districts.district" and message.subject_id == str(tenant.district.pk)
    assert [m["To"] for m in smtp_server.messages] == ["parent@birchfield.example"]
    assert deliver(message.pk) is False  # a sent row is never claimed again
    assert len(smtp_server.messages) == 1


def test_rolled_back_transaction_sends_nothing(tenant: Any, smtp_server: Any) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        queue(tenant.district, kind="test.x", to="a@birchfield.example", key="gone", subject="s", body="b")
        raise RuntimeError("the deciding verb failed")
    assert not Message.objects.exists()
    assert smtp_server.messages == []


def test_failure_is_kept_and_retried_by_the_worker(tenant: Any, settings: Any, smtp_server: Any) -> None:
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1  # nothing listens there: the send fails
    message = _queue(tenant, key="retry")
    assert message is not None
    message.refresh_from_db()
    assert message.status == "failed" and message.last_error
    settings.EMAIL_PORT = port
    assert deliver_pending(dt.datetime.now(dt.UTC)) == 1
    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 2
    assert deliver_pending(dt.datetime.now(dt.UTC)) == 0


def test_gives_up_after_max_attempts(tenant: Any, settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1
    message = _queue(tenant, key="hopeless")
    assert message is not None
    for _ in range(MAX_ATTEMPTS + 2):
        deliver_pending(dt.datetime.now(dt.UTC))
    message.refresh_from_db()
    assert message.status == "failed" and message.attempts == MAX_ATTEMPTS


def test_empty_recipient_is_not_queued(tenant: Any) -> None:
    with transaction.atomic():
        assert queue(tenant.district, kind="x", to="", key="none", subject="s", body="b") is None
    assert not Message.objects.exists()
