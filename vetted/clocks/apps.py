from django.apps import AppConfig


class ClocksConfig(AppConfig):
    """Every deadline as a row: obligations about any subject, closure days, the business calendar,
    the district's pack stack, the iCalendar feed and the one compare-and-swap claim for reminders."""

    name = "vetted.clocks"
    label = "clocks"
    verbose_name = "Deadlines and obligations"
