"""Writes for workspaces, memberships and invitations."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from convenor.audit import services as audit
from convenor.workspaces import hooks
from convenor.workspaces.access import forget_memberships
from convenor.workspaces.models import INVITATION_SALT, Invitation, Membership, Role, Workspace

if TYPE_CHECKING:  # the user model is settings.AUTH_USER_MODEL; named here for types only
    from convenor.accounts.models import User


def _unique_slug(name: str) -> str:
    base = slugify(name)[:50] or "workspace"
    slug, n = base, 1
    while Workspace.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def workspace_create(*, actor: User, name: str) -> Workspace:
    """Create a workspace with ``actor`` as its owner."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Give the workspace a name (your organisation's)."})
    with transaction.atomic():
        workspace = Workspace(name=name, slug=_unique_slug(name))
        audit.create(actor=actor, instance=workspace)
        membership = Membership(workspace=workspace, user=actor, role=Role.OWNER)
        audit.create(actor=actor, instance=membership)
    forget_memberships(actor)
    return workspace


def _owners_left(workspace: Workspace, excluding: Membership) -> int:
    return (
        Membership.objects.filter(workspace=workspace, role=Role.OWNER)
        .exclude(pk=excluding.pk)
        .count()
    )


def membership_update(
    *,
    actor: User,
    membership: Membership,
    role: str,
    partnerships: Iterable[Any] = (),
    expected_version: int | None,
) -> Membership:
    if role not in Role.values:
        raise ValidationError(
            {"role": f"Unknown role {role!r}; use one of {', '.join(Role.values)}."}
        )
    if (
        membership.role == Role.OWNER
        and role != Role.OWNER
        and not _owners_left(membership.workspace, membership)
    ):
        raise ValidationError(
            {"role": "A workspace needs at least one owner; make someone else owner first."}
        )
    partnerships = list(partnerships)
    for p in partnerships:
        if p.workspace_id != membership.workspace_id:
            raise ValidationError(
                {"partnerships": "That partnership belongs to another workspace."}
            )
    updated = cast(
        Membership,
        audit.update(
            actor=actor,
            instance=membership,
            changes={"role": role, "partnerships": partnerships if role == Role.PARTNER else []},
            expected_version=expected_version,
        ),
    )
    forget_memberships(membership.user)
    return updated


def membership_remove(
    *, actor: User, membership: Membership, expected_version: int | None = None
) -> None:
    if membership.role == Role.OWNER and not _owners_left(membership.workspace, membership):
        raise ValidationError(
            "A workspace needs at least one owner; make someone else owner first."
        )
    audit.delete(actor=actor, instance=membership, expected_version=expected_version)
    forget_memberships(membership.user)


def invitation_create(
    *,
    actor: User,
    workspace: Workspace,
    email: str,
    role: str,
    partnerships: Iterable[Any] = (),
    organisation: Any = None,
) -> Invitation:
    """Record an invitation and e-mail its signed, expiring link.

    ``organisation`` (a registry organisation of the workspace) is whom a partner
    speaks for: accepting adds her to the registry there if her e-mail is not in it.
    """
    email = email.strip().lower()
    if Membership.objects.filter(workspace=workspace, user__email=email).exists():
        raise ValidationError({"email": f"{email} is already a member of {workspace}."})
    if role not in Role.values:
        raise ValidationError({"role": f"Unknown role {role!r}."})
    partnerships = list(partnerships)
    if any(p.workspace_id != workspace.pk for p in partnerships):
        raise ValidationError({"partnerships": "That partnership belongs to another workspace."})
    if organisation is not None and organisation.workspace_id != workspace.pk:
        raise ValidationError({"organisation": "That organisation belongs to another workspace."})
    with transaction.atomic():
        invitation = Invitation(
            workspace=workspace,
            email=email,
            role=role,
            invited_by=actor,
            organisation=organisation,
        )
        audit.create(
            actor=actor,
            instance=invitation,
            m2m={"partnerships": partnerships if role == Role.PARTNER else []},
        )
        invitation.workspace_id = workspace.pk
    invitation_send(invitation=invitation)
    return invitation


def invitation_url(invitation: Invitation) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("workspaces:accept", args=[invitation.token])


def invitation_send(*, invitation: Invitation) -> None:
    days = settings.INVITATION_MAX_AGE // 86400
    context = {"invitation": invitation, "url": invitation_url(invitation), "days": days}
    send_mail(
        subject=f"You are invited to {invitation.workspace} on Convenor",
        message=render_to_string("workspaces/email/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


class InvitationError(Exception):
    pass


def invitation_from_token(token: str) -> Invitation:
    """The open invitation behind a link, or an ``InvitationError`` saying why not."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=settings.INVITATION_MAX_AGE)
    except signing.SignatureExpired:
        raise InvitationError("This invitation has expired; ask for a new one.") from None
    except signing.BadSignature:
        raise InvitationError("This invitation link is not valid.") from None
    invitation = (
        Invitation.objects.select_related("workspace")
        .filter(pk=data.get("i"), email=data.get("e"))
        .first()
    )
    if invitation is None or invitation.revoked_at:
        raise InvitationError("This invitation was withdrawn.")
    if invitation.accepted_at:
        raise InvitationError("This invitation has already been used.")
    return invitation


def invitation_accept(*, user: User, invitation: Invitation) -> Membership:
    if user.email.lower() != invitation.email.lower():
        raise InvitationError(
            f"This invitation is for {invitation.email}; you are signed in as {user.email}."
        )
    with transaction.atomic():
        membership = Membership.objects.filter(workspace=invitation.workspace, user=user).first()
        if membership is None:
            membership = Membership(workspace=invitation.workspace, user=user, role=invitation.role)
            audit.create(
                actor=user,
                instance=membership,
                m2m={"partnerships": list(invitation.partnerships.all())},
            )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        audit.record(actor=user, instance=invitation, action="event", note="invitation accepted")
        forget_memberships(user)
        hooks.on_invitation_accepted.send(
            sender=Invitation, invitation=invitation, membership=membership, user=user
        )
    forget_memberships(user)
    return membership


def invitation_revoke(*, actor: User, invitation: Invitation) -> None:
    if invitation.is_open:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit.record(actor=actor, instance=invitation, action="event", note="invitation withdrawn")
