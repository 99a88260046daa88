from django.apps import AppConfig


class SigninConfig(AppConfig):
    name = "vetted.signin"
    label = "signin"
    verbose_name = "Sign-in, second factor and single sign-on"
