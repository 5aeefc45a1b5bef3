from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from convenor.lib.forms import form_status, save_form
from convenor.partnerships import services
from convenor.partnerships.forms import PartnershipForm
from convenor.partnerships.models import STAGE_HELP, Partnership, Stage
from convenor.partnerships.panels import partnership_panels
from convenor.partnerships.selectors import partnerships_visible
from convenor.workspaces.access import SignedInRequest, object_for, route, workspace_for
from convenor.workspaces.models import Access


@route(get=Access.VIEW)
def workspace_home(request: SignedInRequest, slug: str) -> HttpResponse:
    """The workspace's home: the partnerships the member may see."""
    membership = workspace_for(request.user, slug, partner_ok=True)
    request.session["workspace_id"] = membership.workspace_id
    partnerships = partnerships_visible(membership).select_related("workspace")
    return render(
        request,
        "partnerships/workspace_home.html",
        {"membership": membership, "workspace": membership.workspace, "partnerships": partnerships},
    )


@route(get=Access.EDIT, post=Access.EDIT)
def partnership_create(request: SignedInRequest, slug: str) -> HttpResponse:
    membership = workspace_for(request.user, slug, need=Access.EDIT)
    form = PartnershipForm(request.POST or None, workspace=membership.workspace)
    if request.method == "POST" and form.is_valid():
        partnership = save_form(
            form,
            lambda: services.partnership_create(
                actor=request.user, workspace=membership.workspace, **form.changes()
            ),
        )
        if partnership:
            messages.success(request, f"Partnership “{partnership}” created.")
            return redirect(partnership)
    return render(
        request,
        "partnerships/form.html",
        {"form": form, "workspace": membership.workspace, "membership": membership},
        status=422 if form.errors else 200,
    )


@route(get=Access.VIEW)
def partnership_detail(request: SignedInRequest, partnership_id: int) -> HttpResponse:
    partnership = object_for(
        request.user,
        Partnership.objects.select_related("workspace", "saved_region"),
        pk=partnership_id,
    )
    stages = [
        {
            "value": s.value,
            "label": s.label,
            "help": STAGE_HELP[s],
            "current": s == partnership.stage,
        }
        for s in Stage
    ]
    return render(
        request,
        "partnerships/detail.html",
        {
            "partnership": partnership,
            "membership": partnership.membership,
            "stages": stages,
            "panels": partnership_panels(request, partnership),
        },
    )


@route(get=Access.EDIT, post=Access.EDIT)
def partnership_edit(request: SignedInRequest, partnership_id: int) -> HttpResponse:
    partnership = object_for(request.user, Partnership, need=Access.EDIT, pk=partnership_id)
    form = PartnershipForm(request.POST or None, instance=partnership)
    if request.method == "POST" and form.is_valid():
        saved = save_form(
            form,
            lambda: services.partnership_update(
                actor=request.user,
                partnership=partnership,
                changes=form.changes(),
                expected_version=form.expected_version,
            ),
        )
        if saved:
            messages.success(request, "Saved.")
            return redirect(saved)
    return render(
        request,
        "partnerships/form.html",
        {"form": form, "partnership": partnership, "membership": partnership.membership},
        status=form_status(form),
    )


@route(get=Access.EDIT, post=Access.EDIT)
def partnership_delete(request: SignedInRequest, partnership_id: int) -> HttpResponse:
    partnership = object_for(request.user, Partnership, need=Access.EDIT, pk=partnership_id)
    error = ""
    if request.method == "POST":
        if request.POST.get("confirm_name", "").strip() != partnership.name:
            error = "Type the partnership's name exactly to delete it."
        else:
            services.partnership_delete(
                actor=request.user, partnership=partnership, expected_version=None
            )
            messages.success(request, f"Partnership “{partnership.name}” deleted.")
            return redirect(partnership.membership.workspace)
    return render(
        request,
        "partnerships/delete.html",
        {"partnership": partnership, "membership": partnership.membership, "error": error},
        status=422 if error else 200,
    )
