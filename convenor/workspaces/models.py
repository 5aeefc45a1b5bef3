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


class Access(enum.IntEnum):
    """What a request needs; each role grants up to one level."""

    VIEW = 1  # read what is shared with you
    CONTRIBUTE = 2  # a partner's own input: votes, own hiring projections, own action items
    EDIT = 3  # run the partnership: staff and owners
    MANAGE = 4  # members, invitations, audit trail: owners


ROLE_ACCESS = {
    Role.OWNER: Access.MANAGE,
    Role.STAFF: Access.EDIT,
    Role.PARTNER: Access.CONTRIBUTE,
    Role.VIEWER: Access.VIEW,
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
        return reverse("workspaces:home", kwargs={"slug": self.slug})


class Membership(models.Model):
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

    @property
    def access(self) -> Access:
        return ROLE_ACCESS[Role(self.role)]

    def allows(self, need: Access) -> bool:
        return self.access >= need

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
