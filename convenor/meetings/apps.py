from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    """Convenings and meetings, the decision log and action items."""

    name = "convenor.meetings"
    label = "meetings"
    verbose_name = "Meetings"
    workspace_nav = [("My action items", "meetings:my-actions", "contribute")]
    partnership_nav = [
        ("Meetings", "meetings:list"),
        ("Decisions", "meetings:decisions"),
        ("Action items", "meetings:actions"),
    ]
