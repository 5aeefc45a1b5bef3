"""Pages for the decision log: search and filter (htmx), CSV, one decision, the forms."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from convenor.lib.forms import delete_checked, drawn_version, form_status, save_form
from convenor.lib.htmx import is_htmx
from convenor.meetings import selectors, services
from convenor.meetings.exports import decisions_csv
from convenor.meetings.forms import DecisionFilterForm, DecisionForm
from convenor.meetings.models import Decision
from convenor.meetings.views.common import next_url
from convenor.workspaces.access import membership_of, object_for, partnership_for, route
from convenor.workspaces.models import Access


@route(get=Access.VIEW)
def decision_list(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.VIEW)
    form = DecisionFilterForm(request.GET or None, partnership=partnership)
    decisions = selectors.decisions_search(partnership, **form.filters())
    page = Paginator(decisions, 50).get_page(request.GET.get("page"))
    page.object_list = selectors.with_interests(
        page.object_list, membership=partnership.membership, partnership=partnership
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "partnership": partnership,
        "membership": partnership.membership,
        "form": form,
        "page": page,
        "query_string": query.urlencode(),
        "filtered": bool(form.filters() and any(form.filters().values())),
    }
    template = "meetings/_decisions.html" if is_htmx(request) else "meetings/decisions.html"
    return render(request, template, context)


@route(get=Access.VIEW)
def decision_export(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.VIEW)
    form = DecisionFilterForm(request.GET or None, partnership=partnership)
    decisions = selectors.decisions_search(partnership, **form.filters())
    response = HttpResponse(
        decisions_csv(decisions, membership=partnership.membership, partnership=partnership),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="decision-log-{partnership.pk}-{timezone.localdate():%Y%m%d}.csv"'
    )
    return response


def _decision(
    request: HttpRequest, partnership_id: int, decision_id: int, need: Access
) -> Decision:
    return object_for(
        request.user,
        selectors.decision_page_queryset().filter(partnership_id=partnership_id),
        need=need,
        pk=decision_id,
    )


@route(get=Access.VIEW)
def decision_detail(request: HttpRequest, partnership_id: int, decision_id: int) -> HttpResponse:
    decision = _decision(request, partnership_id, decision_id, Access.VIEW)
    membership = membership_of(decision)
    interests = selectors.interests_at_decisions(
        decision.partnership, [decision], membership=membership
    )
    return render(
        request,
        "meetings/decision.html",
        {
            "partnership": decision.partnership,
            "membership": membership,
            "decision": decision,
            "links": selectors.decision_links(decision),
            "action_items": list(decision.action_items.all()),
            "interests": interests[decision.pk],
        },
    )


def _saved_to(decision: Decision) -> str:
    """Where a new decision is shown: its meeting's decisions, or its own page."""
    if decision.meeting is not None:
        return decision.meeting.get_absolute_url() + "#decisions"
    return reverse("meetings:decision", args=[decision.partnership_id, decision.pk])


@route(get=Access.EDIT, post=Access.EDIT)
def decision_create(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    initial: dict[str, Any] = {"decided_on": timezone.localdate()}
    if request.GET.get("meeting", "").isdigit():
        initial["meeting"] = int(request.GET["meeting"])
    form = DecisionForm(request.POST or None, partnership=partnership, initial=initial)
    if request.method == "POST" and form.is_valid():
        decision = save_form(
            form,
            lambda: services.decision_create(
                actor=request.user,
                partnership=partnership,
                **form.changes(),
            ),
        )
        if decision:
            messages.success(request, "Decision recorded in the decision log.")
            return redirect(next_url(request, _saved_to(decision)))
    return render(
        request,
        "meetings/decision_form.html",
        {"partnership": partnership, "membership": partnership.membership, "form": form},
        status=form_status(form),
    )


@route(get=Access.EDIT, post=Access.EDIT)
def decision_edit(request: HttpRequest, partnership_id: int, decision_id: int) -> HttpResponse:
    decision = _decision(request, partnership_id, decision_id, Access.EDIT)
    form = DecisionForm(request.POST or None, instance=decision, partnership=decision.partnership)
    if request.method == "POST" and form.is_valid():
        saved = save_form(
            form,
            lambda: services.decision_update(
                actor=request.user,
                decision=decision,
                changes=form.changes(),
                expected_version=form.expected_version,
            ),
        )
        if saved:
            messages.success(request, "Decision saved.")
            return redirect(
                "meetings:decision", partnership_id=partnership_id, decision_id=saved.pk
            )
    return render(
        request,
        "meetings/decision_form.html",
        {
            "partnership": decision.partnership,
            "membership": membership_of(decision),
            "form": form,
            "decision": decision,
        },
        status=form_status(form),
    )


@route(get=Access.EDIT, post=Access.EDIT)
def decision_delete(request: HttpRequest, partnership_id: int, decision_id: int) -> HttpResponse:
    decision = _decision(request, partnership_id, decision_id, Access.EDIT)
    if request.method == "POST":
        if not delete_checked(
            request,
            lambda version: services.decision_delete(
                actor=request.user, decision=decision, expected_version=version
            ),
            done="Decision removed from the log.",
        ):
            return redirect(
                "meetings:decision", partnership_id=partnership_id, decision_id=decision.pk
            )
        return redirect("meetings:decisions", partnership_id=partnership_id)
    return render(
        request,
        "meetings/delete.html",
        {
            "partnership": decision.partnership,
            "membership": membership_of(decision),
            "object": decision,
            "version": drawn_version(request, decision),
            "cancel_url": reverse("meetings:decision", args=[partnership_id, decision.pk]),
        },
    )
