from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "convenor.audit"
    label = "audit"
    verbose_name = "Audit trail"
