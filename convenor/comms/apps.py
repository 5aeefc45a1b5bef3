from django.apps import AppConfig


class CommsConfig(AppConfig):
    """Partners kept informed: updates, unsubscribes, input links, pulse answers, reminders."""

    name = "convenor.comms"
    label = "comms"
    verbose_name = "Communications"
    partnership_nav = [("Updates", "comms:updates", "team")]
