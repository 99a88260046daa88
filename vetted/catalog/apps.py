from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "vetted.catalog"
    label = "catalog"
