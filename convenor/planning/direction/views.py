"""Direction pages: the direction with the organisational chart, its form, the roles,
and the logic model with its entries."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from convenor.planning.direction import selectors, services
from convenor.planning.direction.forms import DirectionForm, GovernanceRoleForm, LogicEntryForm
from convenor.planning.direction.links import linked_logic_model
from convenor.planning.models import GovernanceRole, LogicModelEntry
from convenor.planning.pages import deleted, form_page, need, page, saved, url
from convenor.planning.sources import STEP_FOUR
from convenor.workspaces.access import child_or_404, partnership_for, route
from convenor.workspaces.models import Access


@route(get=Access.VIEW)
def direction(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id)
    return page(
        request,
        "planning/direction.html",
        partnership,
        {
            "direction": selectors.direction_of(partnership),
            "org_chart": selectors.org_chart(partnership),
        },
    )


@route(get=Access.EDIT, post=Access.EDIT)
def direction_edit(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    current = selectors.direction_of(partnership)
    form = DirectionForm(request.POST or None, instance=current, partnership=partnership)
    return saved(
        request,
        form,
        lambda: services.direction_save(
            actor=request.user,
            partnership=partnership,
            changes=form.changes(),
            expected_version=form.expected_version,
            name=form.cleaned_data["name"],
            mission=form.cleaned_data["mission"],
            partnership_version=form.cleaned_data["partnership_version"],
        ),
        then=url("direction", partnership),
        done="Direction saved.",
    ) or form_page(
        request,
        partnership,
        form,
        title="Direction and governance",
        intro="The first and second meetings should result in the joint development of a mission "
        "statement or vision for change, identify areas for further in-depth analysis, and begin "
        "to identify governance and operational structures: staffing, the organisational chart, "
        "internal communication plans and external messaging.",
        source=STEP_FOUR,
        cancel=url("direction", partnership),
    )


@route(get=Access.EDIT, post=Access.EDIT)
def role_create(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    form = GovernanceRoleForm(request.POST or None, partnership=partnership)
    return saved(
        request,
        form,
        lambda: services.governance_role_create(
            actor=request.user, partnership=partnership, **form.changes()
        ),
        then=url("direction", partnership) + "#org-chart",
        done=lambda role: f"Role “{role}” added to the chart.",
    ) or form_page(
        request,
        partnership,
        form,
        title="A role in the organisational chart",
        cancel=url("direction", partnership),
    )


@route(get=Access.EDIT, post=Access.EDIT)
def role_edit(request: HttpRequest, partnership_id: int, role_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    role = child_or_404(GovernanceRole.objects.filter(partnership=partnership), pk=role_id)
    form = GovernanceRoleForm(request.POST or None, partnership=partnership, instance=role)
    return saved(
        request,
        form,
        lambda: services.governance_role_update(
            actor=request.user,
            role=role,
            changes=form.changes(),
            expected_version=form.expected_version,
        ),
        then=url("direction", partnership) + "#org-chart",
    ) or form_page(
        request,
        partnership,
        form,
        title=f"Edit role “{role}”",
        cancel=url("direction", partnership),
        delete_url=url("role-delete", partnership, role_id=role.pk),
    )


@route(post=Access.EDIT)
def role_delete(request: HttpRequest, partnership_id: int, role_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    role = child_or_404(GovernanceRole.objects.filter(partnership=partnership), pk=role_id)
    return deleted(
        request,
        lambda version: services.governance_role_delete(
            actor=request.user, role=role, expected_version=version
        ),
        done="Role removed; its reports now report one level up.",
        then=url("direction", partnership) + "#org-chart",
        refused=url("role-edit", partnership, role_id=role.pk),
    )


@route(get=Access.VIEW, post=Access.EDIT)
def logic_model(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(
        request.user, partnership_id, need(request, Access.VIEW, Access.EDIT)
    )
    form = LogicEntryForm(
        request.POST or None,
        initial={"column": request.GET.get("column", "inputs")},
        partnership=partnership,
        links=False,
    )
    return saved(
        request,
        form,
        lambda: services.logic_entry_create(
            actor=request.user, partnership=partnership, **form.changes()
        ),
        then=url("logic-model", partnership),
        done=lambda entry: f"Added to {entry.get_column_display().lower()}.",
    ) or page(
        request,
        "planning/logic_model.html",
        partnership,
        {"model": linked_logic_model(selectors.logic_model(partnership))},
        form=form,
    )


@route(get=Access.EDIT, post=Access.EDIT)
def logic_entry_edit(request: HttpRequest, partnership_id: int, entry_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    entry = child_or_404(LogicModelEntry.objects.filter(partnership=partnership), pk=entry_id)
    form = LogicEntryForm(request.POST or None, instance=entry, partnership=partnership)

    def save() -> LogicModelEntry:
        changes = form.changes()
        if changes.get("position") is None:  # empty keeps the entry where it is
            changes.pop("position", None)
        return services.logic_entry_update(
            actor=request.user, entry=entry, changes=changes, expected_version=form.expected_version
        )

    return saved(request, form, save, then=url("logic-model", partnership)) or form_page(
        request,
        partnership,
        form,
        title="Edit logic model entry",
        cancel=url("logic-model", partnership),
        delete_url=url("logic-entry-delete", partnership, entry_id=entry.pk),
    )


@route(post=Access.EDIT)
def logic_entry_delete(request: HttpRequest, partnership_id: int, entry_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    entry = child_or_404(LogicModelEntry.objects.filter(partnership=partnership), pk=entry_id)
    return deleted(
        request,
        lambda version: services.logic_entry_delete(
            actor=request.user, entry=entry, expected_version=version
        ),
        done="Entry removed.",
        then=url("logic-model", partnership),
        refused=url("logic-entry-edit", partnership, entry_id=entry.pk),
    )
