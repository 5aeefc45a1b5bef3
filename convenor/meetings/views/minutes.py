"""Pages for a meeting's minutes: written on the page (version-checked), PDF and DOCX."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from convenor.lib.forms import form_status, save_form
from convenor.meetings import services
from convenor.meetings.exports import minutes_docx, minutes_of, minutes_pdf
from convenor.meetings.forms import MinutesForm
from convenor.meetings.models import Meeting
from convenor.meetings.views.common import meeting_for
from convenor.workspaces.access import membership_of, route
from convenor.workspaces.models import Access

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@route(get=Access.VIEW, post=Access.EDIT)
def minutes(request: HttpRequest, partnership_id: int, meeting_id: int) -> HttpResponse:
    need = Access.EDIT if request.method == "POST" else Access.VIEW
    meeting = meeting_for(request, partnership_id, meeting_id, need)
    membership = membership_of(meeting)
    form = MinutesForm(request.POST or None, instance=meeting) if membership.can_edit else None
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
            "membership": membership,
            "meeting": meeting,
            "m": minutes_of(meeting),
            "form": form,
            "theirs": theirs,
        },
        status=form_status(form) if form is not None else 200,
    )


def _file_name(meeting: Meeting) -> str:
    return f"minutes-{timezone.localtime(meeting.starts_at):%Y-%m-%d}-{meeting.pk}"


@route(get=Access.VIEW)
def minutes_pdf_view(request: HttpRequest, partnership_id: int, meeting_id: int) -> HttpResponse:
    meeting = meeting_for(request, partnership_id, meeting_id, Access.VIEW)
    response = HttpResponse(minutes_pdf(minutes_of(meeting)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(meeting)}.pdf"'
    return response


@route(get=Access.VIEW)
def minutes_docx_view(request: HttpRequest, partnership_id: int, meeting_id: int) -> HttpResponse:
    meeting = meeting_for(request, partnership_id, meeting_id, Access.VIEW)
    response = HttpResponse(minutes_docx(minutes_of(meeting)), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{_file_name(meeting)}.docx"'
    return response
