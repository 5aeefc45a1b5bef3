from django.apps import AppConfig


class OutreachConfig(AppConfig):
    """The outreach log: every touch with employers and partners, and what they said."""

    name = "convenor.outreach"
    label = "outreach"
    verbose_name = "Outreach"
    workspace_nav = [("Follow-ups", "outreach:follow-ups", "edit")]
    partnership_nav = [
        ("Outreach", "outreach:touches", "team"),
        ("Recruitment", "outreach:recruitment"),
    ]
