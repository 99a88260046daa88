from django.apps import AppConfig


class KitConfig(AppConfig):
    """Shared helpers (CSV, forms, API plumbing, uploads limits, the worker loop); imports no app."""

    name = "vetted.kit"
    label = "kit"
