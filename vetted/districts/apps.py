from django.apps import AppConfig


class DistrictsConfig(AppConfig):
    name = "vetted.districts"
    label = "districts"
    verbose_name = "Districts and people"
