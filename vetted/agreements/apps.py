from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "vetted.agreements"
    label = "agreements"
    verbose_name = "Agreements and obligations"
