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

    def ready(self) -> None:
        # The challenge index counts employers by the people's employers and the
        # organisations' categories: keep it in step when the registry changes them.
        # Imported here: models load only once the app registry is ready.
        from convenor.outreach import services
        from convenor.partners import hooks

        hooks.on_person_employer_changed.connect(
            services.on_person_employer_changed, dispatch_uid="outreach.person_employer"
        )
        hooks.on_organisation_category_changed.connect(
            services.on_organisation_category_changed, dispatch_uid="outreach.category"
        )
        hooks.on_person_deleted.connect(
            services.on_person_deleted, dispatch_uid="outreach.person_deleted"
        )
