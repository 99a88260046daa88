from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The public site's own pages (home, health, errors) and the demo seeding; the top layer."""

    name = "vetted.site"
    label = "site"
