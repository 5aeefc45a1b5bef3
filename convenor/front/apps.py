from django.apps import AppConfig


class FrontConfig(AppConfig):
    """The shared web layer: layout, static assets, template tags, error pages."""

    name = "convenor.front"
    label = "front"
    verbose_name = "Web front"
