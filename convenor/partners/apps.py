from django.apps import AppConfig


class PartnersConfig(AppConfig):
    """Organisations and people of a workspace, and who sits at which partnership's table."""

    name = "convenor.partners"
    label = "partners"
    verbose_name = "Partners"
    workspace_nav = [("Partners", "partners:organisations", "view")]
    partnership_nav = [
        ("Partners", "partners:members"),
        ("Pipeline", "partners:board", "team"),
        ("Network", "partners:partnership-network", "team"),
    ]
