from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Runs of background jobs: leases, heartbeats, stopped-job recovery and file clean-up."""

    name = "convenor.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
    default_auto_field = "django.db.models.BigAutoField"
