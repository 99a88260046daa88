"""Messages are rows: queued once per key, sent after commit over real SMTP, retried after failure
(with back-off), given up after MAX_ATTEMPTS."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.db import transaction

from vetted.outbox.delivery import retry_delay, worker_name
from vetted.outbox.models import Message
from vetted.outbox.services import MAX_ATTEMPTS, deliver, deliver_pending, message_id_for, queue

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


def test_failure_is_kept_and_retried_by_the_worker_after_its_back_off(
    tenant: Any, settings: Any, smtp_server: Any
) -> None:
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1  # nothing listens there: the send fails
    message = _queue(tenant, key="retry")
    assert message is not None
    message.refresh_from_db()
    assert message.status == "failed" and message.last_error and message.attempts == 1
    assert message.next_attempt_at is not None
    assert message.next_attempt_at - message.claimed_at >= retry_delay(1)  # type: ignore[operator]
    settings.EMAIL_PORT = port
    assert deliver_pending(dt.datetime.now(dt.UTC)) == 0  # not yet due
    assert deliver_pending(message.next_attempt_at) == 1
    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 2 and message.next_attempt_at is None
    assert [m["Message-ID"] for m in smtp_server.messages] == [message.message_id]
    assert deliver_pending(dt.datetime.now(dt.UTC) + dt.timedelta(days=1)) == 0


def test_gives_up_after_max_attempts(tenant: Any, settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1
    message = _queue(tenant, key="hopeless")
    assert message is not None
    now = dt.datetime.now(dt.UTC)
    for _ in range(MAX_ATTEMPTS + 2):
        now += dt.timedelta(hours=7)  # past the longest back-off
        deliver_pending(now)
    message.refresh_from_db()
    assert message.status == "failed" and message.attempts == MAX_ATTEMPTS
    assert message.next_attempt_at is None  # no further try is planned


def test_on_commit_send_uses_the_shared_claim_and_the_stable_message_id(tenant: Any) -> None:
    """The default test backend (locmem): mail arrives in mail.outbox after commit, as before."""
    message = _queue(tenant, key="locmem")
    assert message is not None
    message.refresh_from_db()
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [message_id_for("locmem")]
    assert message.message_id == message_id_for("locmem")
    assert message.status == "sent" and message.claimed_by.startswith(worker_name() + ":")


def test_empty_recipient_is_not_queued(tenant: Any) -> None:
    with transaction.atomic():
        assert queue(tenant.district, kind="x", to="", key="none", subject="s", body="b") is None
    assert not Message.objects.exists()
