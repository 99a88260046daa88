from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "vetted.agreements"
    label = "agreements"
    verbose_name = "Agreements and obligations"

    def ready(self) -> None:
        # Registers the agreements' relation rules into districts.permissions.can().
        from . import policies  # noqa: F401, PLC0415  -- on purpose: registration needs the app registry ready
