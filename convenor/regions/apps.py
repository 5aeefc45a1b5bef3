from django.apps import AppConfig


class RegionsConfig(AppConfig):
    """Saved regions, QCEW uploads, regional analyses and the "why this industry" record."""

    name = "convenor.regions"
    label = "regions"
    verbose_name = "Regions and labour-market analyses"
    workspace_nav = [("Regions", "regions:list", "view")]
    partnership_nav = [("Why this industry", "regions:why")]
