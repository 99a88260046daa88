from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "vetted.notices"
    label = "notices"
    verbose_name = "Notices to families"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import policies  # noqa: F401, PLC0415 — registers the notice actions with can()
