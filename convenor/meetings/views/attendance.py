"""Pages for who came to a meeting (one versioned list) and the invitations."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from convenor.comms.links import LinkRefused, refused_page
from convenor.lib.errors import StaleVersionError
from convenor.lib.forms import form_status, save_form
from convenor.lib.htmx import is_htmx
from convenor.lib.words import counted
from convenor.meetings import services
from convenor.meetings.forms import AttendanceForm
from convenor.meetings.models import Attendance, Response
from convenor.meetings.rsvp import rsvp_answer
from convenor.meetings.views.common import meeting_for
from convenor.meetings.views.meetings import detail_context
from convenor.workspaces.access import PUBLIC, route
from convenor.workspaces.models import Access


@route(get=Access.EDIT, post=Access.EDIT)
def attendance(request: HttpRequest, partnership_id: int, meeting_id: int) -> HttpResponse:
    meeting = meeting_for(request, partnership_id, meeting_id, Access.EDIT)
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
            if not is_htmx(request):
                messages.success(request, "Attendance recorded.")
                return redirect(meeting.get_absolute_url() + "#attendance")
            meeting = meeting_for(request, partnership_id, meeting_id, Access.EDIT)
            form = AttendanceForm(meeting=meeting)
            saved = True
        elif stale:
            # Somebody changed the list in between: show it as it is now, with what
            # this person ticked still ticked, on the current version.
            meeting = meeting_for(request, partnership_id, meeting_id, Access.EDIT)
            form = AttendanceForm.refused(form, meeting=meeting, message=stale[0].message)
    context = detail_context(meeting, attendance_form=form, saved=saved)
    template = "meetings/_attendance.html" if is_htmx(request) else "meetings/attendance.html"
    return render(request, template, context, status=form_status(form))


@route(post=Access.EDIT)
def meeting_invite(request: HttpRequest, partnership_id: int, meeting_id: int) -> HttpResponse:
    meeting = meeting_for(request, partnership_id, meeting_id, Access.EDIT)
    try:
        count = services.meeting_invitations_send(actor=request.user, meeting=meeting)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            f"Invitations to {counted(count, 'invitee')} are on their way: objective, agenda and a "
            "calendar file.",
        )
    return redirect(meeting)


@route(post=Access.EDIT)
def meeting_cancel(request: HttpRequest, partnership_id: int, meeting_id: int) -> HttpResponse:
    """Call the meeting off; the invitees who had an invitation get a cancellation."""
    meeting = meeting_for(request, partnership_id, meeting_id, Access.EDIT)
    version = request.POST.get("version", "")
    try:
        services.meeting_cancel(
            actor=request.user,
            meeting=meeting,
            expected_version=int(version) if version.isdigit() else None,
        )
    except StaleVersionError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        told = " The invitees are sent a cancellation." if meeting.invitations_sent_at else ""
        messages.success(request, f"“{meeting.title}” is cancelled.{told}")
    return redirect(meeting)


@route(get=PUBLIC, post=PUBLIC)
def rsvp(request: HttpRequest, rsvp_token: str) -> HttpResponse:
    """An invitee's answer from the invitation's link: no sign-in, the signed link is the
    key. GET shows the answer to confirm (mail scanners follow links; only the button
    records), POST records it."""
    try:
        row, answer = rsvp_answer(rsvp_token)
    except LinkRefused as refusal:
        return refused_page(request, refusal)
    meeting = row.meeting
    error = ""
    recorded = None
    if request.method == "POST":
        try:
            recorded = services.attendance_respond(
                attendance=row, response=answer, via="through the invitation's link"
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        row.refresh_from_db()
    elif meeting.is_cancelled:
        error = f"{meeting.title} is cancelled: there is nothing to answer."
    elif meeting.starts_at <= timezone.now():
        error = "The meeting has started: answers can no longer be changed."
    return render(
        request,
        "meetings/rsvp.html",
        {
            "row": row,
            "meeting": meeting,
            "answer": Response(answer),
            "current": Response(row.response) if row.response else None,
            "recorded": recorded,
            "error": error,
        },
        status=422 if error and request.method == "POST" else 200,
    )
