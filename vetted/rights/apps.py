from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "vetted.rights"
    label = "rights"
    verbose_name = "Families' rights"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Register the directory-information and rights-request actions into districts.permissions.can().
        from .directory import policies as directory_policies  # noqa: F401, PLC0415
        from .requests import policies as request_policies  # noqa: F401, PLC0415
