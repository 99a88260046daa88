from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "vetted.incidents"
    label = "incidents"
    verbose_name = "Breach incidents"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the incident actions into districts.permissions.can().
        from . import policies  # noqa: F401, PLC0415
