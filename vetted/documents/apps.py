from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """Every untrusted upload: checked once, stored with its SHA-256, read in a limited child
    process by the worker, fairly across districts."""

    name = "vetted.documents"
    label = "documents"
    verbose_name = "Untrusted documents"
