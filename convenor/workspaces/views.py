from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from convenor.lib.forms import delete_checked, save_form
from convenor.workspaces import selectors, services
from convenor.workspaces.access import (
    SIGNED_IN,
    SignedInRequest,
    object_for,
    route,
    workspace_for,
)
from convenor.workspaces.forms import InvitationForm, MembershipForm, WorkspaceForm
from convenor.workspaces.models import ROLE_HELP, Access, Invitation, Membership, Role


@route(get="public")
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "home.html")
    membership = getattr(request, "current_membership", None)  # CurrentWorkspaceMiddleware
    if not membership:
        return redirect("workspaces:create")
    return redirect(membership.workspace)


@route(get=SIGNED_IN, post=SIGNED_IN)
def workspace_create(request: SignedInRequest) -> HttpResponse:
    form = WorkspaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        workspace = save_form(
            form,
            lambda: services.workspace_create(actor=request.user, name=form.cleaned_data["name"]),
        )
        if workspace:
            request.session["workspace_id"] = workspace.pk
            messages.success(request, f"Workspace “{workspace}” created. You are its owner.")
            return redirect(workspace)
    return render(
        request, "workspaces/create.html", {"form": form}, status=422 if form.errors else 200
    )


@route(post=Access.VIEW)
def workspace_switch(request: SignedInRequest, slug: str) -> HttpResponse:
    membership = workspace_for(request.user, slug, partner_ok=True)
    request.session["workspace_id"] = membership.workspace_id
    return redirect(membership.workspace)


def _members_page(
    request: HttpRequest,
    membership: Membership,
    invite_form: InvitationForm | None = None,
    member_forms: dict[int, MembershipForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    workspace = membership.workspace
    members = list(selectors.members_of(workspace))
    forms_by_member = member_forms or {}
    people = selectors.linked_people(workspace)
    rows = [
        (m, forms_by_member.get(m.pk) or MembershipForm.for_membership(m), people.get(m.user_id))
        for m in members
    ]
    return render(
        request,
        "workspaces/members.html",
        {
            "membership": membership,
            "workspace": workspace,
            "rows": rows,
            "invitations": selectors.open_invitations(workspace),
            "invite_form": invite_form or InvitationForm(workspace=workspace),
            "role_help": [(r.label, ROLE_HELP[r]) for r in Role],
            "owner_count": sum(1 for m in members if m.role == Role.OWNER),
        },
        status=status,
    )


@route(get=Access.MANAGE)
def members(request: SignedInRequest, slug: str) -> HttpResponse:
    membership = workspace_for(request.user, slug, need=Access.MANAGE)
    return _members_page(request, membership)


@route(post=Access.MANAGE)
def invite(request: SignedInRequest, slug: str) -> HttpResponse:
    membership = workspace_for(request.user, slug, need=Access.MANAGE)
    form = InvitationForm(request.POST, workspace=membership.workspace)
    if form.is_valid():
        invitation = save_form(
            form,
            lambda: services.invitation_create(
                actor=request.user,
                workspace=membership.workspace,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                partnerships=form.cleaned_data["partnerships"],
                organisation=form.cleaned_data["organisation"],
            ),
        )
        if invitation:
            messages.success(request, f"Invitation sent to {invitation.email}.")
            return redirect("workspaces:members", slug=slug)
    return _members_page(request, membership, invite_form=form, status=422)


@route(post=Access.MANAGE)
def invitation_revoke(request: SignedInRequest, slug: str, invitation_id: int) -> HttpResponse:
    membership = workspace_for(request.user, slug, need=Access.MANAGE)
    invitation = object_for(
        request.user,
        Invitation.objects.filter(workspace=membership.workspace),
        need=Access.MANAGE,
        pk=invitation_id,
    )
    services.invitation_revoke(actor=request.user, invitation=invitation)
    messages.success(request, f"Invitation to {invitation.email} withdrawn.")
    return redirect("workspaces:members", slug=slug)


@route(post=Access.MANAGE)
def member_update(request: SignedInRequest, slug: str, membership_id: int) -> HttpResponse:
    mine = workspace_for(request.user, slug, need=Access.MANAGE)
    target = object_for(
        request.user,
        Membership.objects.filter(workspace=mine.workspace).select_related("user", "workspace"),
        need=Access.MANAGE,
        pk=membership_id,
    )
    if "remove" in request.POST:
        try:
            delete_checked(
                request,
                lambda version: services.membership_remove(
                    actor=request.user, membership=target, expected_version=version
                ),
                done=f"{target.user.email} removed from {mine.workspace}.",
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("workspaces:members", slug=slug)
    form = MembershipForm.for_membership(target, data=request.POST)
    if form.is_valid():
        saved = save_form(
            form,
            lambda: services.membership_update(
                actor=request.user,
                membership=target,
                role=form.cleaned_data["role"],
                partnerships=form.cleaned_data["partnerships"],
                expected_version=form.cleaned_data.get("version"),
            ),
        )
        if saved:
            messages.success(
                request, f"{target.user.email} is now {saved.get_role_display().lower()}."
            )
            return redirect("workspaces:members", slug=slug)
    return _members_page(request, mine, member_forms={target.pk: form}, status=422)


@route(get="public", post=SIGNED_IN)
def invitation_accept(request: SignedInRequest, invitation_token: str) -> HttpResponse:
    # Typed as signed in for the POST, the only branch that reads the user.
    try:
        invitation = services.invitation_from_token(invitation_token)
    except services.InvitationError as exc:
        return render(request, "workspaces/accept.html", {"error": str(exc)}, status=410)
    if request.method == "POST":
        try:
            membership = services.invitation_accept(user=request.user, invitation=invitation)
        except services.InvitationError as exc:
            return render(
                request,
                "workspaces/accept.html",
                {"error": str(exc), "invitation": invitation},
                status=403,
            )
        request.session["workspace_id"] = membership.workspace_id
        messages.success(request, f"Welcome to {membership.workspace}.")
        return redirect(membership.workspace)
    here = reverse("workspaces:accept", args=[invitation_token])
    has_account = get_user_model().objects.filter(email__iexact=invitation.email).exists()
    return render(
        request,
        "workspaces/accept.html",
        {"invitation": invitation, "next": here, "has_account": has_account},
    )
