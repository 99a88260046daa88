from django.apps import AppConfig


class ContractsConfig(AppConfig):
    """The Django side of contract review: the `review_contract` command and the review API."""

    name = "vetted.contracts"
    label = "contracts"
