from django.apps import AppConfig


class OutboxConfig(AppConfig):
    """Messages are rows: every e-mail Vetted sends, with its status and an idempotency key."""

    name = "vetted.outbox"
    label = "outbox"
