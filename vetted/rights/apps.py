from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "vetted.rights"
    label = "rights"
    verbose_name = "Families' rights"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the directory-information actions into districts.permissions.can().
        from .directory import policies  # noqa: F401, PLC0415
        # Registers the rights-request actions into districts.permissions.can().
        from .requests import policies  # noqa: F401, PLC0415
