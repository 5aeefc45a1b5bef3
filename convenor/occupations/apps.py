from django.apps import AppConfig


class OccupationsConfig(AppConfig):
    """The target industry's occupations in the region, training programs and their supply
    against demand, and occupation analyses saved as evidence for the challenges."""

    name = "convenor.occupations"
    label = "occupations"
    verbose_name = "Occupations and training supply"
    partnership_nav = [
        ("Occupations", "occupations:partnership"),
        ("Training programs", "occupations:programs"),
    ]
