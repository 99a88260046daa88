from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "vetted.core"
    label = "core"
