from django.apps import AppConfig


class WorkspacesConfig(AppConfig):
    name = "convenor.workspaces"
    label = "workspaces"
    verbose_name = "Workspaces"
    workspace_nav = [
        ("Members", "workspaces:members", "manage"),
        ("Audit trail", "audit:list", "manage"),
    ]
