from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "convenor.regions"
    label = "regions"
    verbose_name = "Regions and labour-market analyses"
