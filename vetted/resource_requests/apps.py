from django.apps import AppConfig


class ResourceRequestsConfig(AppConfig):
    name = "vetted.resource_requests"
    label = "resource_requests"
    verbose_name = "Resource requests"

    def ready(self) -> None:
        # Registers the staff request's actions and relation rules (and the catalogue rule that a
        # resource under an open request is decided through it) into districts.permissions.can().
        # gate: registers the district's approval policy (an executed agreement) with the
        # catalogue's direct decision (catalog.approval_gate). Both need the app registry ready.
        from . import gate, policies  # noqa: F401, PLC0415
