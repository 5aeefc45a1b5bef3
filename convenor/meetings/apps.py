from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    """Convenings and meetings, the decision log and action items."""

    name = "convenor.meetings"
    label = "meetings"
    verbose_name = "Meetings"
