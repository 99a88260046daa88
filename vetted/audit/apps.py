from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "vetted.audit"
    label = "audit"
