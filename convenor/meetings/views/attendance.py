"""Pages for who came to a meeting (one versioned list) and the invitations."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from convenor.lib.errors import StaleVersionError
from convenor.lib.forms import form_status, save_form
from convenor.meetings import services
from convenor.meetings.forms import AttendanceForm
from convenor.meetings.models import Attendance
from convenor.meetings.views.common import is_htmx, meeting_for
from convenor.meetings.views.meetings import detail_context
from convenor.workspaces.access import route
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
            f"Invitations to {count} invitee(s) are on their way: objective, agenda and a "
            "calendar file.",
        )
    return redirect(meeting)
