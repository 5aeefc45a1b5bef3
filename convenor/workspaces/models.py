"""Workspaces (one per convening organisation), memberships with roles, invitations."""

from __future__ import annotations

import enum

from django.conf import settings
from django.core import signing
from django.db import models
from django.urls import reverse


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    STAFF = "staff", "Staff"
    PARTNER = "partner", "Partner"
    VIEWER = "viewer", "Viewer"


class Access(enum.Enum):
    """What a request needs. Each level admits a set of roles (``LEVEL_ROLES``).

    The levels are not a ladder: a viewer may see the team's working views but
    cannot contribute; a partner contributes but is not on the team. One level is
    at least as strict as another (``>=``) when it admits no role the other refuses.
    """

    VIEW = "view"  # read what is shared with you: every role
    TEAM = "team"  # the convener team's working views: every role but partner
    CONTRIBUTE = "contribute"  # a partner's own input: votes, own projections, own action items
    EDIT = "edit"  # run the partnership: staff and owners
    MANAGE = "manage"  # members, invitations, audit trail: owners

    @property
    def roles(self) -> frozenset[Role]:
        return LEVEL_ROLES[self]

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Access):
            return NotImplemented
        return self.roles <= other.roles

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Access):
            return NotImplemented
        return self.roles >= other.roles

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Access):
            return NotImplemented
        return self.roles < other.roles

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Access):
            return NotImplemented
        return self.roles > other.roles


LEVEL_ROLES: dict[Access, frozenset[Role]] = {
    Access.VIEW: frozenset(Role),
    Access.TEAM: frozenset({Role.OWNER, Role.STAFF, Role.VIEWER}),
    Access.CONTRIBUTE: frozenset({Role.OWNER, Role.STAFF, Role.PARTNER}),
    Access.EDIT: frozenset({Role.OWNER, Role.STAFF}),
    Access.MANAGE: frozenset({Role.OWNER}),
}

ROLE_HELP = {
    Role.OWNER: "runs the workspace: members, invitations, audit trail, and everything staff do",
    Role.STAFF: "convener staff: create and edit partnerships, partners, meetings and plans",
    Role.PARTNER: "an employer or public partner: sees the partnerships shared with them, votes, "
    "enters their own hiring projections and action items",
    Role.VIEWER: "reads the partnerships of the workspace, changes nothing",
}


class Workspace(models.Model):
    """One convening organisation's account; nothing crosses between workspaces."""

    name = models.CharField("organisation name", max_length=150)
    slug = models.SlugField(max_length=60, unique=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        # The workspace's home lists its partnerships (convenor.partnerships).
        return reverse("partnerships:list", kwargs={"slug": self.slug})


class Membership(models.Model):
    # The ids of the partnerships shared with a partner, filled by access.memberships_of.
    shared_partnership_ids: set[int]
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.VIEWER)
    # A partner-role member sees only the partnerships listed here.
    partnerships = models.ManyToManyField(
        "partnerships.Partnership", blank=True, related_name="partner_memberships"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["workspace__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "user"], name="one_membership_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.workspace} ({self.get_role_display()})"

    def allows(self, need: Access) -> bool:
        return Role(self.role) in need.roles

    @property
    def on_team(self) -> bool:
        """Staff, owners and viewers: the convener's side, who see its working views."""
        return self.allows(Access.TEAM)

    @property
    def can_edit(self) -> bool:
        return self.allows(Access.EDIT)

    @property
    def can_manage(self) -> bool:
        return self.allows(Access.MANAGE)


INVITATION_SALT = "convenor.invitation"


class Invitation(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField("e-mail address")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.STAFF)
    partnerships = models.ManyToManyField("partnerships.Partnership", blank=True, related_name="+")
    # Who a partner speaks for: she is added to the registry there when it does not
    # know her e-mail yet (the partners app links her sign-in on acceptance).
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="For a partner: the organisation she speaks for.",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"invitation of {self.email} to {self.workspace}"

    @property
    def token(self) -> str:
        return signing.dumps({"i": self.pk, "e": self.email}, salt=INVITATION_SALT)

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None
