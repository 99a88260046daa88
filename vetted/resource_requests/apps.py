from django.apps import AppConfig


class ResourceRequestsConfig(AppConfig):
    name = "vetted.resource_requests"
    label = "resource_requests"
    verbose_name = "Resource requests"
