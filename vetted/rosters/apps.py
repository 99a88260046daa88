from django.apps import AppConfig


class RostersConfig(AppConfig):
    """The district's roster from OneRoster exports: who the students, classes and guardians are."""

    name = "vetted.rosters"
    label = "rosters"

    def ready(self) -> None:
        from . import policies  # noqa: F401, PLC0415 — registers roster.manage with can()
