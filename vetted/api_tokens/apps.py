from django.apps import AppConfig


class ApiTokensConfig(AppConfig):
    name = "vetted.api_tokens"
    label = "api_tokens"
    verbose_name = "API tokens"

    def ready(self) -> None:
        # The one signal in the project: Django's auth views, the admin, `changepassword` and any
        # sign-in package all end in User.set_password() + save(), and none calls a service we own.
        from . import signals  # noqa: F401, PLC0415 — registers the receiver once the models are loaded
