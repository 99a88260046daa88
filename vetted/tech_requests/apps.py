from django.apps import AppConfig


class TechRequestsConfig(AppConfig):
    name = "vetted.tech_requests"
    label = "tech_requests"
    verbose_name = "Technology requests"
