"""Writes for meetings, agendas, attendance, decisions, action items and calendar feeds.

One module per subject; this package is the one import path the pages, the API,
the demo and other apps use (``from convenor.meetings import services``;
planning, assessment and intermediaries call ``decision_create`` and
``action_item_create``). Every write goes through ``convenor.audit.services``.
"""

from convenor.meetings.services.action_items import (
    action_item_create,
    action_item_delete,
    action_item_set_status,
    action_item_update,
)
from convenor.meetings.services.attendance import (
    AttendanceList,
    attendance_record,
    attendance_respond,
    attendance_update,
    meeting_invitations_send,
)
from convenor.meetings.services.calendar_feeds import (
    FEED_PREFIX,
    calendar_feed_create,
    calendar_feed_for_token,
    calendar_feed_revoke,
)
from convenor.meetings.services.decisions import (
    decision_create,
    decision_delete,
    decision_update,
)
from convenor.meetings.services.meetings import (
    MEETING_FIELDS,
    agenda_item_create,
    agenda_item_delete,
    agenda_item_update,
    meeting_cancel,
    meeting_create,
    meeting_delete,
    meeting_update,
)

__all__ = [
    "FEED_PREFIX",
    "MEETING_FIELDS",
    "AttendanceList",
    "action_item_create",
    "action_item_delete",
    "action_item_set_status",
    "action_item_update",
    "agenda_item_create",
    "agenda_item_delete",
    "agenda_item_update",
    "attendance_record",
    "attendance_respond",
    "attendance_update",
    "calendar_feed_create",
    "calendar_feed_for_token",
    "calendar_feed_revoke",
    "decision_create",
    "decision_delete",
    "decision_update",
    "meeting_cancel",
    "meeting_create",
    "meeting_delete",
    "meeting_invitations_send",
    "meeting_update",
]
