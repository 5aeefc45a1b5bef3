"""Pages for action items: a partnership's list, the forms, the status a partner sets on
her own items, and "my action items" across the workspace."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from convenor.lib.forms import delete_checked, form_status, save_form
from convenor.lib.htmx import is_htmx
from convenor.meetings import selectors, services
from convenor.meetings.forms import ActionItemForm, ActionStatusForm
from convenor.meetings.models import ActionItem, ActionStatus
from convenor.meetings.views.common import next_url
from convenor.partners.models import Person
from convenor.workspaces.access import (
    membership_of,
    object_for,
    partnership_for,
    route,
    workspace_for,
)
from convenor.workspaces.models import Access

ACTION_FILTERS = [
    ("open", "Open"),
    ("overdue", "Overdue"),
    (ActionStatus.DONE, "Done"),
    (ActionStatus.DROPPED, "Dropped"),
    ("all", "All"),
]


@route(get=Access.VIEW)
def action_list(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.VIEW)
    today = timezone.localdate()
    show = request.GET.get("show", "open")
    if show not in dict(ACTION_FILTERS):
        show = "open"
    if show == "overdue":
        items = selectors.overdue_action_items(partnership, today=today).select_related(
            "meeting", "decision"
        )
    else:
        items = selectors.action_items_of(partnership, status="" if show == "all" else show)
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/actions.html",
        {
            "partnership": partnership,
            "membership": partnership.membership,
            "page": page,
            "show": show,
            "filters": ACTION_FILTERS,
            "overdue": list(selectors.overdue_action_items(partnership, today=today)[:10]),
            "today": today,
            "status_choices": ActionStatus.choices,
            "query_string": f"show={show}",
        },
    )


def _action_item(
    request: HttpRequest, partnership_id: int, action_item_id: int, need: Access
) -> ActionItem:
    return object_for(
        request.user,
        ActionItem.objects.select_related("owner", "partnership", "meeting", "decision").filter(
            partnership_id=partnership_id
        ),
        need=need,
        pk=action_item_id,
    )


def _saved_to(item: ActionItem) -> str:
    """Where a new item is shown: its meeting's action items, or the partnership's list."""
    if item.meeting is not None:
        return item.meeting.get_absolute_url() + "#actions"
    return reverse("meetings:actions", args=[item.partnership_id])


@route(get=Access.EDIT, post=Access.EDIT)
def action_create(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    initial: dict[str, Any] = {}
    for name in ("meeting", "decision"):
        if request.GET.get(name, "").isdigit():
            initial[name] = int(request.GET[name])
    form = ActionItemForm(request.POST or None, partnership=partnership, initial=initial)
    if request.method == "POST" and form.is_valid():
        item = save_form(
            form,
            lambda: services.action_item_create(
                actor=request.user, partnership=partnership, **form.changes()
            ),
        )
        if item:
            messages.success(request, f"Action item “{item.title}” added.")
            return redirect(next_url(request, _saved_to(item)))
    return render(
        request,
        "meetings/action_form.html",
        {"partnership": partnership, "membership": partnership.membership, "form": form},
        status=form_status(form),
    )


@route(get=Access.EDIT, post=Access.EDIT)
def action_edit(request: HttpRequest, partnership_id: int, action_item_id: int) -> HttpResponse:
    item = _action_item(request, partnership_id, action_item_id, Access.EDIT)
    form = ActionItemForm(request.POST or None, instance=item, partnership=item.partnership)
    if request.method == "POST" and form.is_valid():
        saved = save_form(
            form,
            lambda: services.action_item_update(
                actor=request.user,
                item=item,
                changes=form.changes(),
                expected_version=form.expected_version,
            ),
        )
        if saved:
            messages.success(request, "Action item saved.")
            return redirect("meetings:actions", partnership_id=partnership_id)
    return render(
        request,
        "meetings/action_form.html",
        {
            "partnership": item.partnership,
            "membership": membership_of(item),
            "form": form,
            "item": item,
        },
        status=form_status(form),
    )


@route(post=Access.EDIT)
def action_delete(request: HttpRequest, partnership_id: int, action_item_id: int) -> HttpResponse:
    item = _action_item(request, partnership_id, action_item_id, Access.EDIT)
    delete_checked(
        request,
        lambda version: services.action_item_delete(
            actor=request.user, item=item, expected_version=version
        ),
        done=f"Action item “{item.title}” deleted.",
    )
    return redirect("meetings:actions", partnership_id=partnership_id)


@route(post=Access.CONTRIBUTE)
def action_status(request: HttpRequest, partnership_id: int, action_item_id: int) -> HttpResponse:
    """A partner updates the status of their own item; staff update any (htmx row swap)."""
    item = _action_item(request, partnership_id, action_item_id, Access.CONTRIBUTE)
    membership = membership_of(item)
    form = ActionStatusForm(request.POST)
    error = ""
    if form.is_valid():
        saved = save_form(
            form,
            lambda: services.action_item_set_status(
                actor=request.user,
                item=item,
                status=form.cleaned_data["status"],
                expected_version=form.cleaned_data.get("version"),
                can_edit=membership.can_edit,
            ),
        )
        if saved:
            saved.owner = item.owner
            saved.partnership = item.partnership
            item = saved
    if form.errors:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    status = form_status(form)
    if is_htmx(request):
        return render(
            request,
            "meetings/_action_status.html",
            {
                "item": item,
                "membership": membership,
                "error": error,
                "status_choices": ActionStatus.choices,
            },
            status=status,
        )
    if error:
        return render(
            request,
            "meetings/action_status_error.html",
            {
                "partnership": item.partnership,
                "membership": membership,
                "item": item,
                "error": error,
            },
            status=status,
        )
    messages.success(request, f"“{item.title}” is now {item.get_status_display().lower()}.")
    return redirect(next_url(request, reverse("meetings:actions", args=[partnership_id])))


@route(get=Access.CONTRIBUTE)
def my_actions(request: HttpRequest, slug: str) -> HttpResponse:
    membership = workspace_for(request.user, slug, need=Access.CONTRIBUTE, partner_ok=True)
    items = list(selectors.my_action_items(membership, request.user))
    today = timezone.localdate()
    return render(
        request,
        "meetings/my_actions.html",
        {
            "membership": membership,
            "workspace": membership.workspace,
            "items": items,
            "today": today,
            "open": [i for i in items if i.status in selectors.OPEN_STATUSES],
            "closed": [i for i in items if i.status not in selectors.OPEN_STATUSES],
            "has_person": Person.objects.filter(
                user_id=membership.user_id, workspace_id=membership.workspace_id
            ).exists(),
            "status_choices": ActionStatus.choices,
        },
    )
