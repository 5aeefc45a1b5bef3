from django.urls import path

from convenor.meetings.views import action_items, attendance, calendar, decisions, meetings, minutes

app_name = "meetings"

M = "p/<int:partnership_id>/meetings/<int:meeting_id>/"
D = "p/<int:partnership_id>/decisions/"
A = "p/<int:partnership_id>/actions/"

urlpatterns = [
    path("p/<int:partnership_id>/meetings/", meetings.meeting_list, name="list"),
    path("p/<int:partnership_id>/meetings/new/", meetings.meeting_create, name="create"),
    path("p/<int:partnership_id>/meetings/check/", meetings.meeting_check, name="check"),
    path(M, meetings.meeting_detail, name="detail"),
    path(M + "edit/", meetings.meeting_edit, name="edit"),
    path(M + "delete/", meetings.meeting_delete, name="delete"),
    path(M + "agenda/", meetings.agenda_add, name="agenda-add"),
    path(M + "agenda/<int:agenda_item_id>/", meetings.agenda_edit, name="agenda-edit"),
    path(M + "agenda/<int:agenda_item_id>/delete/", meetings.agenda_delete, name="agenda-delete"),
    path(M + "attendance/", attendance.attendance, name="attendance"),
    path(M + "invite/", attendance.meeting_invite, name="invite"),
    path(M + "cancel/", attendance.meeting_cancel, name="cancel"),
    path("rsvp/<str:rsvp_token>/", attendance.rsvp, name="rsvp"),
    path(M + "meeting.ics", calendar.meeting_ics_download, name="ics"),
    path(M + "minutes/", minutes.minutes, name="minutes"),
    path(M + "minutes.pdf", minutes.minutes_pdf_view, name="minutes-pdf"),
    path(M + "minutes.docx", minutes.minutes_docx_view, name="minutes-docx"),
    path("p/<int:partnership_id>/calendar/", calendar.feeds, name="feeds"),
    path(
        "p/<int:partnership_id>/calendar/<int:feed_id>/revoke/",
        calendar.feed_revoke,
        name="feed-revoke",
    ),
    path("calendar/<str:feed_token>.ics", calendar.feed, name="feed"),
    path(D, decisions.decision_list, name="decisions"),
    path("p/<int:partnership_id>/decisions.csv", decisions.decision_export, name="decisions-csv"),
    path(D + "new/", decisions.decision_create, name="decision-create"),
    path(D + "<int:decision_id>/", decisions.decision_detail, name="decision"),
    path(D + "<int:decision_id>/edit/", decisions.decision_edit, name="decision-edit"),
    path(D + "<int:decision_id>/delete/", decisions.decision_delete, name="decision-delete"),
    path(A, action_items.action_list, name="actions"),
    path(A + "new/", action_items.action_create, name="action-create"),
    path(A + "<int:action_item_id>/edit/", action_items.action_edit, name="action-edit"),
    path(A + "<int:action_item_id>/delete/", action_items.action_delete, name="action-delete"),
    path(A + "<int:action_item_id>/status/", action_items.action_status, name="action-status"),
    path("w/<slug:slug>/my-actions/", action_items.my_actions, name="my-actions"),
]
