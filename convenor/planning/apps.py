from django.apps import AppConfig


class PlanningConfig(AppConfig):
    """Issues, priorities, problem statements, logic model, action plan, resource map, demand."""

    name = "convenor.planning"
    label = "planning"
    verbose_name = "Planning"
    partnership_nav = [
        ("Plan", "planning:overview"),
        ("Priorities", "planning:rounds"),
        ("Resource map", "planning:resources"),
        ("Employer demand", "planning:demand"),
    ]
