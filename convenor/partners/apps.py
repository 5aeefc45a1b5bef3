from django.apps import AppConfig


class PartnersConfig(AppConfig):
    """Organisations and people of a workspace, and who sits at which partnership's table."""

    name = "convenor.partners"
    label = "partners"
    verbose_name = "Partners"
    workspace_nav = [("Partners", "partners:organisations", "view")]
    partnership_nav = [
        ("Partners", "partners:members"),
        ("Pipeline", "partners:board", "team"),
        ("Network", "partners:partnership-network", "team"),
    ]

    def ready(self) -> None:
        # Accepting an invitation links the new member's sign-in to her person in the
        # registry. Imported here: models load only once the app registry is ready.
        from convenor.partners import services
        from convenor.workspaces import hooks

        hooks.on_invitation_accepted.connect(
            services.on_invitation_accepted, dispatch_uid="partners.invitation_accepted"
        )
