"""Pages for meetings, the decision log, action items and calendars (htmx where it helps)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from convenor.lib.errors import StaleVersionError
from convenor.lib.findings import by_severity
from convenor.lib.forms import delete_checked, drawn_version, form_status, save_form
from convenor.meetings import selectors, services
from convenor.meetings.calendar import feed_ics, meeting_ics
from convenor.meetings.checks import (
    EVENT_TYPE_MEANINGS,
    EVENT_TYPE_SOURCES,
    Invitee,
    agenda_findings,
    cadence_findings,
    employer_trend_findings,
)
from convenor.meetings.exports import decisions_csv, minutes_docx, minutes_of, minutes_pdf
from convenor.meetings.first_meeting import first_meeting_draft
from convenor.meetings.forms import (
    ActionItemForm,
    ActionStatusForm,
    AgendaItemForm,
    AttendanceForm,
    CalendarFeedForm,
    DecisionFilterForm,
    DecisionForm,
    MeetingCreateForm,
    MeetingForm,
    MinutesForm,
)
from convenor.meetings.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Attendance,
    CalendarFeed,
    EventType,
    Expectation,
    Meeting,
)
from convenor.workspaces.access import PUBLIC, object_for, partnership_for, route, workspace_for
from convenor.workspaces.models import Access


def _meeting(request: HttpRequest, partnership_id: int, meeting_id: int, need: Access) -> Meeting:
    return object_for(
        request.user,
        selectors.meeting_page_queryset().filter(partnership_id=partnership_id),
        need=need,
        pk=meeting_id,
    )


def _next_url(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return default


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


# --- meetings ----------------------------------------------------------------------


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
        m.mix = selectors.mix_of(m.attendance.all())
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


def _draft_initial(draft: Any) -> dict[str, Any]:
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
        meeting = save_form(
            form,
            lambda: services.meeting_create(
                actor=request.user,
                partnership=partnership,
                agenda=draft.agenda if use_sample else (),
                **form.changes(),
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
    """The name's promise and the time box, checked as the convener fills the form (htmx)."""
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
        event_type, request.GET.get("title", "")[:200], expectation, people
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
    meeting = _meeting(request, partnership_id, meeting_id, Access.VIEW)
    return render(request, "meetings/detail.html", _detail_context(request, meeting))


def _detail_context(request: HttpRequest, meeting: Meeting, **extra: Any) -> dict[str, Any]:
    partnership = meeting.partnership
    membership = meeting.membership
    sections = selectors.meeting_checks(meeting)
    rows = list(meeting.attendance.all())
    context = {
        "partnership": partnership,
        "membership": membership,
        "meeting": meeting,
        "findings": by_severity(sections["name"] + sections["agenda"]),
        "employer_findings": sections["employer_led"],
        "mix": selectors.mix_of(rows),
        "attendance": rows,
        "agenda": list(meeting.agenda_items.all()),
        "agenda_minutes": selectors.agenda_minutes(meeting),
        "meaning": EVENT_TYPE_MEANINGS[EventType(meeting.event_type)],
        "meaning_source": EVENT_TYPE_SOURCES[EventType(meeting.event_type)],
        "with_email": sum(1 for a in rows if a.invited and a.person.email),
        "is_past": meeting.ends_at <= timezone.now(),
        "decisions": _with_interests(partnership, meeting.decisions.all()),
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
        action_form.fields["decision"].queryset = meeting.decisions.all()
        del action_form.fields["status"]
        context["action_form"] = action_form
    context.update(extra)
    return context


@route(get=Access.EDIT, post=Access.EDIT)
def meeting_edit(request: HttpRequest, partnership_id: int, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, partnership_id, meeting_id, Access.EDIT)
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
            "membership": meeting.membership,
            "meeting": meeting,
            "form": form,
            "event_types": _event_types(),
        },
        status=form_status(form),
    )


@route(get=Access.EDIT, post=Access.EDIT)
def meeting_delete(request: HttpRequest, partnership_id: int, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, partnership_id, meeting_id, Access.EDIT)
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
            "membership": meeting.membership,
            "object": meeting,
            "version": drawn_version(request, meeting),
            "cancel_url": meeting.get_absolute_url(),
        },
    )


# --- agenda ------------------------------------------------------------------------


@route(post=Access.EDIT)
def agenda_add(request: HttpRequest, partnership_id: int, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, partnership_id, meeting_id, Access.EDIT)
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
    meeting = _meeting(request, partnership_id, meeting_id, Access.EDIT)
    return render(
        request,
        "meetings/detail.html",
        _detail_context(request, meeting, agenda_form=form),
        status=422,
    )


def _agenda_item(request: HttpRequest, partnership_id: int, meeting_id: int, agenda_item_id: int):
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
            "membership": item.membership,
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


# --- attendance, invitations ---------------------------------------------------------


@route(get=Access.EDIT, post=Access.EDIT)
def attendance(request: HttpRequest, partnership_id: int, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, partnership_id, meeting_id, Access.EDIT)
    form = AttendanceForm(request.POST or None, meeting=meeting)
    saved = False
    if request.method == "POST" and form.is_valid():
        walk_in = form.cleaned_data.get("walk_in")
        stale: list[StaleVersionError] = []

        def write() -> list[Attendance]:
            try:
                return services.attendance_record(
                    actor=request.user,
                    meeting=meeting,
                    attended_person_ids=form.cleaned_data["attended"],
                    walk_ins=[walk_in] if walk_in else [],
                    expected_version=form.cleaned_data.get("version"),
                )
            except StaleVersionError as exc:
                stale.append(exc)
                raise

        done = save_form(form, write)
        if done is not None:
            if not request.htmx:
                messages.success(request, "Attendance recorded.")
                return redirect(meeting.get_absolute_url() + "#attendance")
            meeting = _meeting(request, partnership_id, meeting_id, Access.EDIT)
            form = AttendanceForm(meeting=meeting)
            saved = True
        elif stale:
            # Somebody changed the list in between: show it as it is now, with what
            # this person ticked still ticked, on the current version.
            meeting = _meeting(request, partnership_id, meeting_id, Access.EDIT)
            form = AttendanceForm.refused(form, meeting=meeting, message=stale[0].message)
    context = _detail_context(request, meeting, attendance_form=form, saved=saved)
    template = "meetings/_attendance.html" if request.htmx else "meetings/attendance.html"
    return render(request, template, context, status=form_status(form))


@route(post=Access.EDIT)
def meeting_invite(request: HttpRequest, partnership_id: int, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, partnership_id, meeting_id, Access.EDIT)
    try:
        count = services.meeting_invitations_send(actor=request.user, meeting=meeting)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            f"Invitations to {count} invitee(s) are on their way: objective, agenda and a "
            "calendar file.",
        )
    return redirect(meeting)


@route(get=Access.VIEW)
def meeting_ics_download(
    request: HttpRequest, partnership_id: int, meeting_id: int
) -> HttpResponse:
    meeting = _meeting(request, partnership_id, meeting_id, Access.VIEW)
    body = meeting_ics(meeting, url=_absolute(request, meeting.get_absolute_url()))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


# --- minutes ---------------------------------------------------------------------------


@route(get=Access.VIEW, post=Access.EDIT)
def minutes(request: HttpRequest, partnership_id: int, meeting_id: int) -> HttpResponse:
    need = Access.EDIT if request.method == "POST" else Access.VIEW
    meeting = _meeting(request, partnership_id, meeting_id, need)
    form = (
        MinutesForm(request.POST or None, instance=meeting) if meeting.membership.can_edit else None
    )
    theirs = None
    if request.method == "POST" and form is not None and form.is_valid():
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
            messages.success(request, "Minutes saved.")
            return redirect(
                "meetings:minutes", partnership_id=partnership_id, meeting_id=meeting_id
            )
        # Somebody saved in between: show their text beside yours, lose neither.
        theirs = Meeting.objects.filter(pk=meeting.pk).values_list("notes", flat=True).first()
    return render(
        request,
        "meetings/minutes.html",
        {
            "partnership": meeting.partnership,
            "membership": meeting.membership,
            "meeting": meeting,
            "m": minutes_of(meeting),
            "form": form,
            "theirs": theirs,
        },
        status=form_status(form) if form is not None else 200,
    )


@route(get=Access.VIEW)
def minutes_export(
    request: HttpRequest, partnership_id: int, meeting_id: int, fmt: str
) -> HttpResponse:
    meeting = _meeting(request, partnership_id, meeting_id, Access.VIEW)
    m = minutes_of(meeting)
    name = f"minutes-{timezone.localtime(meeting.starts_at):%Y-%m-%d}-{meeting.pk}"
    if fmt == "pdf":
        response = HttpResponse(minutes_pdf(m), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    elif fmt == "docx":
        response = HttpResponse(
            minutes_docx(m),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
    else:  # pragma: no cover - the URL only routes the two
        raise Http404("Not found")
    return response


@route(get=Access.VIEW)
def minutes_pdf_view(request: HttpRequest, partnership_id: int, meeting_id: int) -> HttpResponse:
    return minutes_export(request, partnership_id, meeting_id, "pdf")


@route(get=Access.VIEW)
def minutes_docx_view(request: HttpRequest, partnership_id: int, meeting_id: int) -> HttpResponse:
    return minutes_export(request, partnership_id, meeting_id, "docx")


# --- calendar feeds ----------------------------------------------------------------------


@route(get=Access.EDIT, post=Access.EDIT)
def feeds(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    form = CalendarFeedForm(request.POST or None)
    new_url = None
    if request.method == "POST" and form.is_valid():
        _, raw = services.calendar_feed_create(
            actor=request.user, partnership=partnership, name=form.cleaned_data["name"]
        )
        new_url = _absolute(request, reverse("meetings:feed", args=[raw]))
        form = CalendarFeedForm()
    return render(
        request,
        "meetings/feeds.html",
        {
            "partnership": partnership,
            "membership": partnership.membership,
            "feeds": selectors.active_feeds(partnership).select_related("created_by"),
            "form": form,
            "new_url": new_url,
        },
        status=422 if form.errors else 200,
    )


@route(post=Access.EDIT)
def feed_revoke(request: HttpRequest, partnership_id: int, feed_id: int) -> HttpResponse:
    feed = object_for(
        request.user,
        CalendarFeed.objects.filter(partnership_id=partnership_id),
        need=Access.EDIT,
        pk=feed_id,
    )
    services.calendar_feed_revoke(actor=request.user, feed=feed)
    messages.success(request, f"Calendar URL “{feed.name}” revoked; subscribers stop updating.")
    return redirect("meetings:feeds", partnership_id=partnership_id)


@route(get=PUBLIC)
def feed(request: HttpRequest, feed_token: str) -> HttpResponse:
    """The subscription feed: calendar clients have no session, the secret URL is the key."""
    calendar_feed = services.calendar_feed_for_token(feed_token)
    if calendar_feed is None:
        raise Http404("Not found")
    partnership = calendar_feed.partnership
    since = timezone.now() - dt.timedelta(days=365)
    meetings = (
        Meeting.objects.filter(partnership=partnership, ends_at__gte=since)
        .prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("owner"))
        )
        .order_by("starts_at")
    )
    body = feed_ics(
        partnership.name,
        meetings,
        url_for=lambda m: _absolute(request, m.get_absolute_url()),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


# --- decisions --------------------------------------------------------------------------------


@route(get=Access.VIEW)
def decision_list(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.VIEW)
    form = DecisionFilterForm(request.GET or None, partnership=partnership)
    decisions = selectors.decisions_search(partnership, **form.filters())
    page = Paginator(decisions, 50).get_page(request.GET.get("page"))
    page.object_list = _with_interests(partnership, page.object_list)
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
    template = "meetings/_decisions.html" if request.htmx else "meetings/decisions.html"
    return render(request, template, context)


@route(get=Access.VIEW)
def decision_export(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.VIEW)
    form = DecisionFilterForm(request.GET or None, partnership=partnership)
    decisions = selectors.decisions_search(partnership, **form.filters())
    response = HttpResponse(
        decisions_csv(decisions, partnership=partnership), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="decision-log-{partnership.pk}-{timezone.localdate():%Y%m%d}.csv"'
    )
    return response


def _decision(request: HttpRequest, partnership_id: int, decision_id: int, need: Access):
    return object_for(
        request.user,
        selectors.decision_page_queryset().filter(partnership_id=partnership_id),
        need=need,
        pk=decision_id,
    )


@route(get=Access.VIEW)
def decision_detail(request: HttpRequest, partnership_id: int, decision_id: int) -> HttpResponse:
    decision = _decision(request, partnership_id, decision_id, Access.VIEW)
    interests = selectors.interests_at_decisions(decision.partnership, [decision])
    return render(
        request,
        "meetings/decision.html",
        {
            "partnership": decision.partnership,
            "membership": decision.membership,
            "decision": decision,
            "links": selectors.decision_links(decision),
            "action_items": list(decision.action_items.all()),
            "interests": interests[decision.pk],
            "interests_url": _interests_url(decision.partnership),
        },
    )


def _interests_url(partnership: Any) -> str | None:
    """The page of the partnership's declared interests, when the app that keeps them is on."""
    try:
        return reverse("intermediaries:interests", args=[partnership.pk])
    except NoReverseMatch:
        return None


def _with_interests(partnership: Any, decisions: Any) -> list[Any]:
    """The decisions, each with ``interests``: those declared by the people deciding."""
    return selectors.with_interests(decisions, partnership=partnership)


@route(get=Access.EDIT, post=Access.EDIT)
def decision_create(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    initial = {"decided_on": timezone.localdate()}
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
            default = (
                decision.meeting.get_absolute_url() + "#decisions"
                if decision.meeting_id
                else reverse("meetings:decision", args=[partnership.pk, decision.pk])
            )
            return redirect(_next_url(request, default))
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
            "membership": decision.membership,
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
            "membership": decision.membership,
            "object": decision,
            "version": drawn_version(request, decision),
            "cancel_url": reverse("meetings:decision", args=[partnership_id, decision.pk]),
        },
    )


# --- action items -------------------------------------------------------------------------------

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


def _action_item(request: HttpRequest, partnership_id: int, action_item_id: int, need: Access):
    return object_for(
        request.user,
        ActionItem.objects.select_related("owner", "partnership", "meeting", "decision").filter(
            partnership_id=partnership_id
        ),
        need=need,
        pk=action_item_id,
    )


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
            default = (
                item.meeting.get_absolute_url() + "#actions"
                if item.meeting_id
                else reverse("meetings:actions", args=[partnership.pk])
            )
            return redirect(_next_url(request, default))
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
            "membership": item.membership,
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
                can_edit=item.membership.can_edit,
            ),
        )
        if saved:
            saved.membership = item.membership
            saved.owner = item.owner
            saved.partnership = item.partnership
            item = saved
    if form.errors:
        error = " ".join(e for errors in form.errors.values() for e in errors)
    status = form_status(form)
    if request.htmx:
        return render(
            request,
            "meetings/_action_status.html",
            {
                "item": item,
                "membership": item.membership,
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
                "membership": item.membership,
                "item": item,
                "error": error,
            },
            status=status,
        )
    messages.success(request, f"“{item.title}” is now {item.get_status_display().lower()}.")
    return redirect(_next_url(request, reverse("meetings:actions", args=[partnership_id])))


@route(get=Access.CONTRIBUTE)
def my_actions(request: HttpRequest, slug: str) -> HttpResponse:
    membership = workspace_for(request.user, slug, need=Access.CONTRIBUTE, partner_ok=True)
    items = list(selectors.my_action_items(membership, request.user))
    for item in items:
        item.membership = membership
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
            "has_person": request.user.people.filter(workspace_id=membership.workspace_id).exists(),
            "status_choices": ActionStatus.choices,
        },
    )
