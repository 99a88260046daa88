from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "vetted.rights"
    label = "rights"
    verbose_name = "Families' rights"
    default_auto_field = "django.db.models.BigAutoField"
