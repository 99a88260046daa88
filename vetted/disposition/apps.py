from django.apps import AppConfig


class DispositionConfig(AppConfig):
    name = "vetted.disposition"
    label = "disposition"
    verbose_name = "Data disposition at contract end"

    def ready(self) -> None:
        # Listens for "agreement.terminated" (clocks.listeners): an ending agreement starts its
        # disposition obligation in the same transaction.
        from .services import starting  # noqa: F401, PLC0415  -- registration needs the app registry ready
