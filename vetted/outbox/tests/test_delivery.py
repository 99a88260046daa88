"""Delivery over a real SMTP server on loopback: claims never overlap, one connection carries a batch,
a permanent refusal bounces while a passing one backs off, a dead worker's rows are taken back and
sent again under the same Message-ID, and the worker drains until nothing is due."""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from vetted.kit.worker import drain, tick
from vetted.outbox import delivery
from vetted.outbox.delivery import MAX_ATTEMPTS, candidates, claim, lease_length, retry_delay, take, take_back
from vetted.outbox.models import Message
from vetted.outbox.services import Draft, deliver_pending, message_id_for, queue_many

pytestmark = pytest.mark.django_db(transaction=True)


def _queue(
    tenant: Any, count: int, *, to: str = "family{i}@birchfield.example", key: str = "d"
) -> list[Message]:
    drafts = [
        Draft(key=f"{key}:{i}", to=to.format(i=i), subject=f"Notice {i}", body="Dear family")
        for i in range(count)
    ]
    with transaction.atomic():
        queue_many(tenant.district, "test.delivery", drafts)
    return list(Message.objects.order_by("pk"))


def _now() -> dt.datetime:
    return timezone.now()


def test_claims_never_overlap_and_the_swap_refuses_rows_already_taken(tenant: Any) -> None:
    _queue(tenant, 10)
    with transaction.atomic():
        seen = candidates(_now(), 100)  # what a second worker read before the first one claimed
    _, first = claim(_now(), limit=4)
    _, second = claim(_now(), limit=100)
    assert len(first) == 4 and len(second) == 6
    assert not {m.pk for m in first} & {m.pk for m in second}
    assert take(seen, _now(), "late:1:x") == []  # the compare-and-swap: nothing left to take
    assert claim(_now())[1] == []
    assert Message.objects.filter(status="sending", attempts=1).count() == 10


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="threads need their own server connections")
def test_concurrent_claimers_on_postgresql_share_the_queue_without_overlap(tenant: Any) -> None:
    _queue(tenant, 300)
    taken: list[list[int]] = [[], [], []]

    def worker(slot: int) -> None:
        try:
            while rows := claim(_now(), limit=7)[1]:
                taken[slot] += [m.pk for m in rows]
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(slot,)) for slot in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    everything = [pk for pks in taken for pk in pks]
    assert len(everything) == len(set(everything)) == 300
    assert connection.vendor == "postgresql"


def test_one_connection_carries_a_batch_and_each_row_is_recorded(tenant: Any, mailhost: Any) -> None:
    rows = _queue(tenant, 30)
    assert deliver_pending(_now()) == 30
    assert len(mailhost.messages) == 30 and len(mailhost.sessions) == 1
    assert [m["Message-ID"] for m in mailhost.messages] == [r.message_id for r in rows]
    assert set(Message.objects.values_list("status", flat=True)) == {"sent"}
    assert not Message.objects.filter(sent_at=None).exists()


def test_a_permanent_refusal_bounces_and_a_passing_one_backs_off(tenant: Any, mailhost: Any) -> None:
    mailhost.refuse = {
        "gone@birchfield.example": "550 5.1.1 No such user",
        "full@birchfield.example": "452 4.2.2 Mailbox full",
    }
    for i, to in enumerate(["ok@birchfield.example", "gone@birchfield.example", "full@birchfield.example"]):
        _queue(tenant, 1, to=to, key=f"r{i}")
    assert deliver_pending(_now()) == 3
    status = dict(Message.objects.values_list("to_email", "status"))
    assert status == {"ok@birchfield.example": "sent", "gone@birchfield.example": "bounced",
                      "full@birchfield.example": "failed"}  # fmt: skip
    gone = Message.objects.get(to_email="gone@birchfield.example")
    full = Message.objects.get(to_email="full@birchfield.example")
    assert "550" in gone.last_error and gone.next_attempt_at is None
    assert "452" in full.last_error and full.next_attempt_at is not None
    assert len(mailhost.messages) == 1  # the connection went on after each refusal

    later = full.next_attempt_at + dt.timedelta(seconds=1)
    assert deliver_pending(later) == 1  # only the mailbox that was full is tried again
    assert mailhost.rcpts.count("gone@birchfield.example") == 1
    full.refresh_from_db()
    assert (full.status, full.attempts) == ("failed", 2)
    assert full.next_attempt_at - later >= retry_delay(2) - dt.timedelta(seconds=1)


def test_back_off_grows_to_a_cap_and_gives_up_after_max_attempts() -> None:
    delays = [retry_delay(n) for n in range(1, 9)]
    assert delays[:4] == [dt.timedelta(minutes=m) for m in (2, 8, 32, 128)]
    assert all(a <= b for a, b in zip(delays, delays[1:], strict=False))
    assert max(delays) == delivery.MAX_DELAY == dt.timedelta(hours=6)
    assert MAX_ATTEMPTS == 5


def test_a_dropped_connection_is_opened_again_for_the_rest_of_the_batch(tenant: Any, mailhost: Any) -> None:
    rows = _queue(tenant, 10)
    mailhost.drop_at = {3}
    assert deliver_pending(_now()) == 10
    dropped = Message.objects.get(pk=rows[2].pk)
    assert dropped.status == "failed" and dropped.next_attempt_at is not None
    assert Message.objects.filter(status="sent").count() == 9
    assert len(mailhost.sessions) == 2  # two connections: before and after the drop


def test_a_stopped_workers_rows_are_taken_back_after_the_lease_and_sent_under_the_same_message_id(
    tenant: Any, mailhost: Any
) -> None:
    rows = _queue(tenant, 3)
    lease, claimed = claim(_now())  # a worker claims them, then dies before sending
    assert len(claimed) == 3
    assert deliver_pending(_now()) == 0  # the lease still runs: nobody else touches them
    assert Message.objects.filter(status="sending").count() == 3 and not mailhost.messages

    after = _now() + lease_length() + dt.timedelta(seconds=1)
    assert deliver_pending(after) == 3
    assert [m["Message-ID"] for m in mailhost.messages] == [message_id_for(r.idempotency_key) for r in rows]
    assert set(Message.objects.values_list("status", "attempts")) == {("sent", 2)}


def test_a_resend_after_a_kill_in_the_window_carries_the_same_message_id(tenant: Any, mailhost: Any) -> None:
    """The one duplicate: the server accepted the message, the worker died before writing `sent`."""
    (row,) = _queue(tenant, 1)
    assert deliver_pending(_now()) == 1
    Message.objects.filter(pk=row.pk).update(status="sending", claimed_at=_now() - lease_length() * 2)
    assert take_back(_now()) == 1
    assert deliver_pending(_now()) == 1
    ids = [m["Message-ID"] for m in mailhost.messages]
    assert ids == [row.message_id, row.message_id] and row.message_id == message_id_for(row.idempotency_key)


def test_a_row_without_a_stored_message_id_gets_the_keys(tenant: Any, mailhost: Any) -> None:
    (row,) = _queue(tenant, 1)
    Message.objects.filter(pk=row.pk).update(message_id="")  # queued before Message-IDs were stored
    deliver_pending(_now())
    assert mailhost.messages[0]["Message-ID"] == message_id_for(row.idempotency_key)


def test_a_slow_worker_still_records_a_send_it_finished_after_its_row_was_taken_back(tenant: Any) -> None:
    _queue(tenant, 1)
    lease, (row,) = claim(_now())
    take_back(_now() + lease_length() * 2)  # another worker thought it dead
    delivery._record(row, lease, Message.Status.SENT)
    row.refresh_from_db()
    assert row.status == "sent"
    assert claim(_now() + dt.timedelta(days=1))[1] == []  # so it is not sent again


def test_a_row_stopped_on_its_last_try_fails_for_good(tenant: Any) -> None:
    (row,) = _queue(tenant, 1)
    Message.objects.filter(pk=row.pk).update(
        status="sending", attempts=MAX_ATTEMPTS, claimed_at=_now() - lease_length() * 2
    )
    assert take_back(_now()) == 1
    row.refresh_from_db()
    assert (row.status, row.next_attempt_at) == ("failed", None) and "interrupted" in row.last_error
    assert claim(_now() + dt.timedelta(days=1))[1] == []


def test_the_worker_drains_until_nothing_is_due_and_a_tick_takes_one_batch(
    tenant: Any, mailhost: Any, settings: Any
) -> None:
    settings.VETTED_OUTBOX_BATCH = 5
    _queue(tenant, 23)
    assert tick()["vetted.outbox.services.deliver_pending"] == 5
    assert drain(until=time.monotonic() + 300) == 18
    assert len(mailhost.messages) == 23 and len({m["Message-ID"] for m in mailhost.messages}) == 23
    assert drain(until=time.monotonic() + 300) == 0
