"""Pages of one partnership's members: the list, the pipeline board, the network.

A partner-role user of a shared partnership sees who is at the table (committed
and active members, without contact details); the pipeline, the network, a
member's page and the mix findings are the convener team's working views
(``Access.TEAM``) and are refused to them.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from convenor.lib.errors import StaleVersionError
from convenor.lib.findings import by_severity
from convenor.lib.forms import delete_checked, form_status, save_form
from convenor.lib.htmx import is_htmx
from convenor.partners import selectors, services
from convenor.partners.forms import MemberAddForm, MemberForm, MoveForm
from convenor.partners.mix import partner_mix
from convenor.partners.models import PartnershipMember, Stage
from convenor.partners.views import network_context
from convenor.partnerships.models import Partnership
from convenor.workspaces.access import object_for, partnership_for, route
from convenor.workspaces.models import Access

PAGE_SIZE = 50


def _member(request: HttpRequest, partnership: Partnership, member_id: int, need: Access):
    return object_for(
        request.user,
        PartnershipMember.objects.filter(partnership=partnership).select_related(
            "organisation", "person", "person__organisation"
        ),
        need=need,
        pk=member_id,
    )


def mix_findings(partnership: Partnership):
    unions = selectors.unions_of([partnership])[partnership.pk]
    return by_severity(
        partner_mix(
            selectors.mix_members(partnership),
            unions_present=unions.present,
            unions=unions.names,
            target=partnership.industry_naics,
        )
    )


@route(get=Access.VIEW)
def member_list(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.VIEW)
    membership = partnership.membership
    is_partner = not membership.on_team
    stage = request.GET.get("stage", "")
    if stage not in Stage.values or is_partner:
        stage = ""
    qs = selectors.members_visible(partnership, membership)
    if stage:
        qs = qs.filter(stage=stage)
    context = {
        "partnership": partnership,
        "membership": membership,
        "is_partner": is_partner,
        "page": Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")),
        "stage": stage,
        "stages": Stage.choices,
        "query_string": f"stage={stage}" if stage else "",
    }
    if not is_partner:
        context["findings"] = mix_findings(partnership)
        context["counts"] = selectors.stage_counts(partnership)
    return render(request, "partners/members.html", context)


@route(get=Access.EDIT, post=Access.EDIT)
def member_add(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    form = MemberAddForm(
        request.POST or None,
        workspace_id=partnership.workspace_id,
        query=request.GET.get("q", "").strip(),
    )
    if request.method == "POST" and form.is_valid():
        member = save_form(
            form,
            lambda: services.partner_add(
                actor=request.user,
                partnership=partnership,
                organisation=form.cleaned_data["organisation"],
                person=form.cleaned_data["person"],
                new_organisation=form.new_organisation_fields(),
                new_person=form.new_person_fields(),
                role=form.cleaned_data["role"],
                stage=form.cleaned_data["stage"],
                notes=form.cleaned_data["notes"],
                on=form.cleaned_data["since"],
            ),
        )
        if member:
            messages.success(request, f"{member.display_name} added to the partnership.")
            return redirect("partners:members", partnership_id=partnership.pk)
    return render(
        request,
        "partners/member_add.html",
        {"form": form, "partnership": partnership, "membership": partnership.membership},
        status=422 if form.errors else 200,
    )


@route(get=Access.TEAM, post=Access.EDIT)
def member_detail(request: HttpRequest, partnership_id: int, member_id: int) -> HttpResponse:
    need = Access.EDIT if request.method == "POST" else Access.TEAM
    partnership = partnership_for(request.user, partnership_id, need)
    member = _member(request, partnership, member_id, need)
    form = MemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        saved = save_form(
            form,
            lambda: services.member_update(
                actor=request.user,
                member=member,
                changes=form.changes(),
                expected_version=form.expected_version,
            ),
        )
        if saved:
            messages.success(request, "Saved.")
            return redirect("partners:member", partnership_id=partnership.pk, member_id=saved.pk)
    return render(
        request,
        "partners/member_detail.html",
        {
            "partnership": partnership,
            "membership": partnership.membership,
            "member": member,
            "form": form,
            "move_form": MoveForm(initial={"stage": member.stage, "version": member.version}),
            "history": selectors.member_history(member),
        },
        status=form_status(form),
    )


def _board_response(request: HttpRequest, partnership: Partnership, status: int = 200):
    return render(
        request,
        "partners/_board.html" if is_htmx(request) else "partners/board.html",
        {
            "partnership": partnership,
            "membership": partnership.membership,
            "columns": selectors.board(partnership),
            "stages": Stage.choices,
            "today": timezone.localdate(),
        },
        status=status,
    )


@route(post=Access.EDIT)
def member_move(request: HttpRequest, partnership_id: int, member_id: int) -> HttpResponse:
    """Move a card; htmx gets the updated board back, a plain form a redirect (or the
    board with the refusal, status 422)."""
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    member = _member(request, partnership, member_id, Access.EDIT)
    form = MoveForm(request.POST)
    failed = ""
    if not form.is_valid():
        failed = "; ".join(str(e) for errors in form.errors.values() for e in errors)
    else:
        try:
            services.member_move(
                actor=request.user,
                member=member,
                stage=form.cleaned_data["stage"],
                expected_version=form.cleaned_data["version"],
                on=form.cleaned_data["moved_on"],
                note=form.cleaned_data["note"],
            )
        except StaleVersionError as exc:
            failed = exc.message
        except ValidationError as exc:
            failed = " ".join(exc.messages)
    if failed:
        messages.error(request, f"{member.display_name} was not moved: {failed}")
    else:
        label = Stage(form.cleaned_data["stage"]).label
        messages.success(request, f"{member.display_name} moved to {label}.")
    if is_htmx(request):
        # htmx swaps only 2xx answers; the refusal is in the board's messages.
        return _board_response(request, partnership, status=200)
    if failed:
        return _board_response(request, partnership, status=422)
    back = request.POST.get("next", "")
    if back.startswith("/p/"):
        return redirect(back)
    return redirect("partners:board", partnership_id=partnership.pk)


@route(post=Access.EDIT)
def member_remove(request: HttpRequest, partnership_id: int, member_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    member = _member(request, partnership, member_id, Access.EDIT)
    if not delete_checked(
        request,
        lambda version: services.member_remove(
            actor=request.user, member=member, expected_version=version
        ),
        done=f"{member.display_name} removed from the partnership.",
    ):
        return redirect("partners:member", partnership_id=partnership.pk, member_id=member.pk)
    return redirect("partners:members", partnership_id=partnership.pk)


@route(get=Access.TEAM)
def pipeline_board(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.TEAM)
    return _board_response(request, partnership)


@route(get=Access.TEAM)
def partnership_network(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.TEAM)
    nodes, edges = selectors.partnership_network(partnership)
    return render(
        request,
        "partners/network_partnership.html",
        {
            "partnership": partnership,
            "membership": partnership.membership,
            "workspace": partnership.workspace,
            "scope": "partnership",
            "relationship_url": reverse(
                "partners:relationship-create", args=[partnership.workspace.slug]
            ),
            **network_context(nodes, edges),
        },
    )
