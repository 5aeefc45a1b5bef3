from django.apps import AppConfig


class IntermediariesConfig(AppConfig):
    """Choosing the intermediary (convener): candidates, rubric, conflicts, history."""

    name = "convenor.intermediaries"
    label = "intermediaries"
    verbose_name = "Intermediary selection"
    partnership_nav = [("Intermediary", "intermediaries:home")]
