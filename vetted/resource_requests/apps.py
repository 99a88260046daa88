from django.apps import AppConfig


class ResourceRequestsConfig(AppConfig):
    name = "vetted.resource_requests"
    label = "resource_requests"
    verbose_name = "Resource requests"

    def ready(self) -> None:
        # Registers the staff request's actions and relation rules (and the catalogue rule that a
        # resource under an open request is decided through it) into districts.permissions.can().
        from . import policies  # noqa: F401, PLC0415 — its models need the app registry ready
