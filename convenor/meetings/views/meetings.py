"""Pages for meetings: the list, the form and its live check, the meeting page, the agenda."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from convenor.lib.findings import by_severity
from convenor.lib.forms import delete_checked, drawn_version, form_status, save_form
from convenor.meetings import selectors, services
from convenor.meetings.checks import (
    EVENT_TYPE_MEANINGS,
    EVENT_TYPE_SOURCES,
    Invitee,
    agenda_findings,
    cadence_findings,
    employer_trend_findings,
)
from convenor.meetings.first_meeting import MeetingDraft, first_meeting_draft
from convenor.meetings.forms import (
    ActionItemForm,
    AgendaItemForm,
    AttendanceForm,
    DecisionForm,
    MeetingCreateForm,
    MeetingForm,
    model_choices,
)
from convenor.meetings.models import AgendaItem, Attendance, EventType, Expectation, Meeting
from convenor.meetings.views.common import meeting_for
from convenor.workspaces.access import membership_of, object_for, partnership_for, route
from convenor.workspaces.models import Access


@route(get=Access.VIEW)
def meeting_list(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.VIEW)
    now = timezone.now()
    meetings = list(
        selectors.meetings_of(partnership).prefetch_related(
            Prefetch(
                "attendance",
                queryset=Attendance.objects.select_related("person", "person__organisation"),
            )
        )
    )
    for m in meetings:
        m.mix = selectors.mix_of(m.attendance.all(), target=partnership.industry_naics)  # type: ignore[attr-defined]  # the table's
    trend = selectors.employer_trend(partnership, now=now)
    cadence = selectors.cadence(partnership, now=now)
    findings = by_severity(
        cadence_findings(
            days_since_last=cadence.days_since_last,
            has_next=cadence.next is not None,
            held_without_objective=len(cadence.held_without_objective),
            held_without_decisions=len(cadence.held_without_decisions),
            overdue_action_items=len(cadence.overdue),
        )
        + employer_trend_findings([p.mix for p in trend])
    )
    return render(
        request,
        "meetings/list.html",
        {
            "partnership": partnership,
            "membership": partnership.membership,
            "upcoming": sorted(
                (m for m in meetings if m.starts_at > now), key=lambda m: m.starts_at
            ),
            "past": [m for m in meetings if m.starts_at <= now],
            "cadence": cadence,
            "findings": findings,
            "trend": trend,
            "trend_spec": selectors.trend_chart_spec(trend) if trend else None,
            "event_types": _event_types(),
        },
    )


def _event_types() -> list[tuple[str, str, str]]:
    return [(t.label, EVENT_TYPE_MEANINGS[t], EVENT_TYPE_SOURCES[t]) for t in EventType]


def _draft_initial(draft: MeetingDraft) -> dict[str, Any]:
    return {
        "title": draft.title,
        "objective": draft.objective,
        "event_type": draft.event_type,
        "expectation": draft.expectation,
        "starts_at": timezone.localtime(draft.starts_at),
        "ends_at": timezone.localtime(draft.ends_at),
        "use_sample_agenda": True,
        "is_kickoff": True,
    }


@route(get=Access.EDIT, post=Access.EDIT)
def meeting_create(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    first = not partnership.meetings.exists()
    template = request.GET.get("template") or request.POST.get("template") or ""
    offer = template == "first" or (first and template != "blank")
    draft = first_meeting_draft(partnership) if offer else None
    form = MeetingCreateForm(
        request.POST or None,
        partnership=partnership,
        offer_template=offer,
        initial=_draft_initial(draft) if draft and request.method == "GET" else None,
    )
    if request.method == "POST" and form.is_valid():
        use_sample = bool(form.cleaned_data.get("use_sample_agenda")) and draft is not None
        agenda = draft.agenda if use_sample and draft is not None else []
        meeting = save_form(
            form,
            lambda: services.meeting_create(
                actor=request.user, partnership=partnership, agenda=agenda, **form.changes()
            ),
        )
        if meeting:
            messages.success(request, f"Meeting “{meeting.title}” scheduled.")
            return redirect(meeting)
    return render(
        request,
        "meetings/form.html",
        {
            "partnership": partnership,
            "membership": partnership.membership,
            "form": form,
            "draft": draft,
            "template": "first" if offer else "blank",
            "first": first,
            "event_types": _event_types(),
        },
        status=form_status(form),
    )


@route(get=Access.EDIT)
def meeting_check(request: HttpRequest, partnership_id: int) -> HttpResponse:
    """The name's promise and the time box, checked as the convener fills the form (htmx).

    A planning tool of the convener's team: it reads the registry's authority levels
    and categories, which a partner-role member may not see (EDIT admits no partner).
    """
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    event_type = request.GET.get("event_type", "")
    if event_type not in EventType.values:
        event_type = EventType.PARTNERSHIP_MEETING
    expectation = request.GET.get("expectation", "")
    if expectation not in Expectation.values:
        expectation = ""
    ids = [int(v) for v in request.GET.getlist("invitees")[:500] if v.isdigit()]
    people = list(selectors.people_of(partnership.workspace_id).filter(pk__in=ids))
    invitees = [Invitee.from_person(p) for p in people]
    findings = selectors.draft_checks(
        event_type,
        request.GET.get("title", "")[:200],
        expectation,
        people,
        target=partnership.industry_naics,
    )
    minutes = _minutes_between(request.GET.get("starts_at", ""), request.GET.get("ends_at", ""))
    if minutes is not None and minutes > 0:
        sample = first_meeting_draft(partnership) if request.GET.get("use_sample_agenda") else None
        findings += [
            f
            for f in agenda_findings(
                item_minutes=[i.minutes for i in sample.agenda] if sample else [],
                unowned_items=0,
                meeting_minutes=minutes,
                employers_invited=sum(1 for i in invitees if i.is_employer),
            )
            if f.code != "agenda.empty"
        ]
    return render(
        request,
        "meetings/_name_check.html",
        {"findings": by_severity(findings), "minutes": minutes, "invitees": invitees},
    )


def _minutes_between(starts: str, ends: str) -> int | None:
    field = forms.DateTimeField()
    try:
        start, end = field.clean(starts[:40]), field.clean(ends[:40])
    except ValidationError:
        return None
    return int((end - start).total_seconds() // 60)


@route(get=Access.VIEW)
def meeting_detail(request: HttpRequest, partnership_id: int, meeting_id: int) -> HttpResponse:
    meeting = meeting_for(request, partnership_id, meeting_id, Access.VIEW)
    return render(request, "meetings/detail.html", detail_context(meeting))


def detail_context(meeting: Meeting, **extra: Any) -> dict[str, Any]:
    """What the meeting page shows (also under a refused agenda or attendance form)."""
    partnership = meeting.partnership
    membership = membership_of(meeting)
    sections = selectors.meeting_checks(meeting)
    rows = list(meeting.attendance.all())
    context = {
        "partnership": partnership,
        "membership": membership,
        "meeting": meeting,
        "findings": by_severity(sections["name"] + sections["agenda"]),
        "employer_findings": sections["employer_led"],
        "mix": selectors.mix_of(rows, target=partnership.industry_naics),
        "responses": selectors.responses_of(rows),
        "attendance": rows,
        "agenda": list(meeting.agenda_items.all()),
        "agenda_minutes": selectors.agenda_minutes(meeting),
        "meaning": EVENT_TYPE_MEANINGS[EventType(meeting.event_type)],
        "meaning_source": EVENT_TYPE_SOURCES[EventType(meeting.event_type)],
        "with_email": sum(1 for a in rows if a.invited and a.person.email),
        "is_past": meeting.ends_at <= timezone.now(),
        "decisions": selectors.with_interests(
            meeting.decisions.all(), membership=membership, partnership=partnership
        ),
    }
    if membership.can_edit:
        context.setdefault("agenda_form", AgendaItemForm(meeting=meeting))
        context.setdefault("attendance_form", AttendanceForm(meeting=meeting))
        decision_form = DecisionForm(
            partnership=partnership,
            initial={
                "meeting": meeting.pk,
                "decided_on": timezone.localdate(meeting.starts_at),
            },
        )
        decision_form.fields["meeting"].widget = decision_form.fields["meeting"].hidden_widget()
        del decision_form.fields["touch"]
        context["decision_form"] = decision_form
        action_form = ActionItemForm(partnership=partnership, initial={"meeting": meeting.pk})
        action_form.fields["meeting"].widget = action_form.fields["meeting"].hidden_widget()
        model_choices(action_form, "decision").queryset = meeting.decisions.all()
        del action_form.fields["status"]
        context["action_form"] = action_form
    context.update(extra)
    return context


@route(get=Access.EDIT, post=Access.EDIT)
def meeting_edit(request: HttpRequest, partnership_id: int, meeting_id: int) -> HttpResponse:
    meeting = meeting_for(request, partnership_id, meeting_id, Access.EDIT)
    form = MeetingForm(request.POST or None, instance=meeting, partnership=meeting.partnership)
    if request.method == "POST" and form.is_valid():
        saved = save_form(
            form,
            lambda: services.meeting_update(
                actor=request.user,
                meeting=meeting,
                changes=form.changes(),
                expected_version=form.expected_version,
            ),
        )
        if saved:
            messages.success(request, "Meeting saved.")
            return redirect(saved)
    return render(
        request,
        "meetings/form.html",
        {
            "partnership": meeting.partnership,
            "membership": membership_of(meeting),
            "meeting": meeting,
            "form": form,
            "event_types": _event_types(),
        },
        status=form_status(form),
    )


@route(get=Access.EDIT, post=Access.EDIT)
def meeting_delete(request: HttpRequest, partnership_id: int, meeting_id: int) -> HttpResponse:
    meeting = meeting_for(request, partnership_id, meeting_id, Access.EDIT)
    if request.method == "POST":
        if not delete_checked(
            request,
            lambda version: services.meeting_delete(
                actor=request.user, meeting=meeting, expected_version=version
            ),
            done=f"Meeting “{meeting.title}” deleted.",
        ):
            return redirect(meeting)
        return redirect("meetings:list", partnership_id=partnership_id)
    return render(
        request,
        "meetings/delete.html",
        {
            "partnership": meeting.partnership,
            "membership": membership_of(meeting),
            "object": meeting,
            "version": drawn_version(request, meeting),
            "cancel_url": meeting.get_absolute_url(),
        },
    )


# --- agenda ------------------------------------------------------------------------


@route(post=Access.EDIT)
def agenda_add(request: HttpRequest, partnership_id: int, meeting_id: int) -> HttpResponse:
    meeting = meeting_for(request, partnership_id, meeting_id, Access.EDIT)
    form = AgendaItemForm(request.POST, meeting=meeting)
    if form.is_valid():
        data = form.changes()
        data.pop("position", None)
        item = save_form(
            form, lambda: services.agenda_item_create(actor=request.user, meeting=meeting, **data)
        )
        if item:
            messages.success(request, f"Agenda item “{item.title}” added.")
            return redirect(
                reverse("meetings:detail", args=[partnership_id, meeting_id]) + "#agenda"
            )
    meeting = meeting_for(request, partnership_id, meeting_id, Access.EDIT)
    return render(
        request, "meetings/detail.html", detail_context(meeting, agenda_form=form), status=422
    )


def _agenda_item(
    request: HttpRequest, partnership_id: int, meeting_id: int, agenda_item_id: int
) -> AgendaItem:
    return object_for(
        request.user,
        AgendaItem.objects.select_related(
            "meeting", "meeting__partnership", "meeting__partnership__workspace"
        ).filter(meeting_id=meeting_id, meeting__partnership_id=partnership_id),
        need=Access.EDIT,
        pk=agenda_item_id,
    )


@route(get=Access.EDIT, post=Access.EDIT)
def agenda_edit(
    request: HttpRequest, partnership_id: int, meeting_id: int, agenda_item_id: int
) -> HttpResponse:
    item = _agenda_item(request, partnership_id, meeting_id, agenda_item_id)
    form = AgendaItemForm(request.POST or None, instance=item, meeting=item.meeting)
    if request.method == "POST" and form.is_valid():
        saved = save_form(
            form,
            lambda: services.agenda_item_update(
                actor=request.user,
                item=item,
                changes=form.changes(),
                expected_version=form.expected_version,
            ),
        )
        if saved:
            messages.success(request, "Agenda item saved.")
            return redirect(item.meeting.get_absolute_url() + "#agenda")
    return render(
        request,
        "meetings/agenda_form.html",
        {
            "partnership": item.meeting.partnership,
            "membership": membership_of(item),
            "meeting": item.meeting,
            "item": item,
            "form": form,
        },
        status=form_status(form),
    )


@route(post=Access.EDIT)
def agenda_delete(
    request: HttpRequest, partnership_id: int, meeting_id: int, agenda_item_id: int
) -> HttpResponse:
    item = _agenda_item(request, partnership_id, meeting_id, agenda_item_id)
    delete_checked(
        request,
        lambda version: services.agenda_item_delete(
            actor=request.user, item=item, expected_version=version
        ),
        done=f"Agenda item “{item.title}” removed.",
    )
    return redirect(item.meeting.get_absolute_url() + "#agenda")
