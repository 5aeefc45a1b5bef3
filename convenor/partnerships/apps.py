from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "convenor.partnerships"
    label = "partnerships"
    verbose_name = "Partnerships"
    workspace_nav = [("Partnerships", "partnerships:list", "view")]
    partnership_nav = [("Overview", "partnerships:detail")]
