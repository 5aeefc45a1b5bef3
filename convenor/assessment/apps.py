from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    """Readiness, life cycle, health and momentum of partnerships, and the step-by-step guide."""

    name = "convenor.assessment"
    label = "assessment"
    verbose_name = "Readiness and health"
    workspace_nav = [("Overview", "assessment:overview", "view")]
    partnership_nav = [
        ("Readiness", "assessment:readiness"),
        ("Life cycle", "assessment:lifecycle"),
        ("Health", "assessment:health"),
        ("Tensions", "assessment:tensions"),
        ("Timeline", "assessment:timeline"),
    ]
