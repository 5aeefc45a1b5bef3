"""API of a meeting's invitee and attendance list (one version) and its invitations."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from convenor.lib.words import counted
from convenor.meetings import services
from convenor.meetings.api.common import VERSION, meeting_for, people_in
from convenor.meetings.models import Attendance, Meeting
from convenor.workspaces.access import object_for
from convenor.workspaces.models import Access

router = Router()


class AttendanceOut(Schema):
    id: int
    person_id: int
    person_name: str = Field(alias="person.name")
    invited: bool
    attended: bool | None
    invitation_sent_at: dt.datetime | None
    response: str = Field(
        description="The invitee's answer through the invitation's links: accepted, "
        "declined, or empty (no answer yet)."
    )
    responded_at: dt.datetime | None
    version: int
    attendance_version: int = Field(
        description="The version of the meeting's whole invitee and attendance list: "
        "send it with PUT /meetings/{meeting_id}/attendance."
    )

    @staticmethod
    def resolve_attendance_version(obj: Attendance) -> int:
        return obj.meeting.attendance_version


class AttendanceRecordIn(Schema):
    version: int = Field(
        description="The meeting's attendance_version you read; a stale one gets 409."
    )
    attended_person_ids: list[int] = Field(
        default_factory=list, description="Who came; the other invitees are marked absent."
    )
    walk_in_ids: list[int] = Field(
        default_factory=list, description="People who came without an invitation."
    )


class AttendancePatch(Schema):
    version: int = VERSION
    invited: bool | None = None
    attended: bool | None = None


class CancelIn(Schema):
    version: int = VERSION


class MeetingCancelledOut(Schema):
    id: int
    cancelled_at: dt.datetime | None
    version: int


class QueuedOut(Schema):
    detail: str
    queued: int


@router.get(
    "/meetings/{meeting_id}/attendance",
    response=list[AttendanceOut],
    summary="Invitees and who attended",
)
def attendance_list(request: HttpRequest, meeting_id: int) -> list[Attendance]:
    return list(meeting_for(request, meeting_id).attendance.all())


@router.put(
    "/meetings/{meeting_id}/attendance",
    response=list[AttendanceOut],
    summary="Record who came: listed invitees attended, the others did not; add walk-ins. "
    "Send the attendance_version you read as version",
)
def attendance_record(
    request: HttpRequest, meeting_id: int, payload: AttendanceRecordIn
) -> list[Attendance]:
    meeting = meeting_for(request, meeting_id, Access.EDIT)
    walk_ins = people_in(meeting.workspace_id, payload.walk_in_ids, "walk_in_ids")
    known = {a.person_id for a in meeting.attendance.all()} | {p.pk for p in walk_ins}
    unknown = [i for i in payload.attended_person_ids if i not in known]
    if unknown:
        raise ValidationError(
            {"attended_person_ids": f"Person {unknown[0]} is not invited; add them as a walk-in."}
        )
    services.attendance_record(
        actor=request.user,
        meeting=meeting,
        attended_person_ids=payload.attended_person_ids,
        walk_ins=walk_ins,
        expected_version=payload.version,
    )
    return list(
        Attendance.objects.filter(meeting=meeting)
        .select_related("person", "meeting")
        .order_by("person__name")
    )


@router.patch(
    "/attendance/{attendance_id}", response=AttendanceOut, summary="Change one attendance row"
)
def attendance_update(
    request: HttpRequest, attendance_id: int, payload: AttendancePatch
) -> Attendance:
    row = object_for(
        request.user,
        Attendance.objects.select_related("meeting", "person"),
        need=Access.EDIT,
        pk=attendance_id,
    )
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    if changes.get("invited", False) is None:
        raise ValidationError({"invited": "Say true or false."})
    saved = services.attendance_update(
        actor=request.user, attendance=row, changes=changes, expected_version=version
    )
    return Attendance.objects.select_related("person", "meeting").get(pk=saved.pk)


@router.post(
    "/meetings/{meeting_id}/invitations",
    response={202: QueuedOut},
    summary="E-mail the invitees the objective, agenda and an .ics (in the background)",
)
def meeting_invitations(request: HttpRequest, meeting_id: int) -> Status[Any]:
    meeting = meeting_for(request, meeting_id, Access.EDIT)
    count = services.meeting_invitations_send(actor=request.user, meeting=meeting)
    return Status(
        202, {"detail": f"Invitations queued for {counted(count, 'invitee')}.", "queued": count}
    )


@router.post(
    "/meetings/{meeting_id}/cancel",
    response=MeetingCancelledOut,
    summary="Call a meeting off: it stays in the record, and invitees who had an invitation "
    "get a cancellation (METHOD:CANCEL, the same UID, a higher SEQUENCE)",
)
def meeting_cancel(request: HttpRequest, meeting_id: int, payload: CancelIn) -> Meeting:
    meeting = meeting_for(request, meeting_id, Access.EDIT)
    return services.meeting_cancel(
        actor=request.user, meeting=meeting, expected_version=payload.version
    )
