from django.apps import AppConfig


class PartnersConfig(AppConfig):
    """Organisations and people of a workspace, and who sits at which partnership's table."""

    name = "convenor.partners"
    label = "partners"
    verbose_name = "Partners"
