from django.urls import path

from convenor.meetings import views

app_name = "meetings"

M = "p/<int:partnership_id>/meetings/<int:meeting_id>/"

urlpatterns = [
    path("p/<int:partnership_id>/meetings/", views.meeting_list, name="list"),
    path("p/<int:partnership_id>/meetings/new/", views.meeting_create, name="create"),
    path("p/<int:partnership_id>/meetings/check/", views.meeting_check, name="check"),
    path(M, views.meeting_detail, name="detail"),
    path(M + "edit/", views.meeting_edit, name="edit"),
    path(M + "delete/", views.meeting_delete, name="delete"),
    path(M + "agenda/", views.agenda_add, name="agenda-add"),
    path(M + "agenda/<int:agenda_item_id>/", views.agenda_edit, name="agenda-edit"),
    path(M + "agenda/<int:agenda_item_id>/delete/", views.agenda_delete, name="agenda-delete"),
    path(M + "attendance/", views.attendance, name="attendance"),
    path(M + "invite/", views.meeting_invite, name="invite"),
    path(M + "meeting.ics", views.meeting_ics_download, name="ics"),
    path(M + "minutes/", views.minutes, name="minutes"),
    path(M + "minutes.pdf", views.minutes_pdf_view, name="minutes-pdf"),
    path(M + "minutes.docx", views.minutes_docx_view, name="minutes-docx"),
    path("p/<int:partnership_id>/calendar/", views.feeds, name="feeds"),
    path(
        "p/<int:partnership_id>/calendar/<int:feed_id>/revoke/",
        views.feed_revoke,
        name="feed-revoke",
    ),
    path("calendar/<str:feed_token>.ics", views.feed, name="feed"),
    path("p/<int:partnership_id>/decisions/", views.decision_list, name="decisions"),
    path("p/<int:partnership_id>/decisions.csv", views.decision_export, name="decisions-csv"),
    path("p/<int:partnership_id>/decisions/new/", views.decision_create, name="decision-create"),
    path(
        "p/<int:partnership_id>/decisions/<int:decision_id>/",
        views.decision_detail,
        name="decision",
    ),
    path(
        "p/<int:partnership_id>/decisions/<int:decision_id>/edit/",
        views.decision_edit,
        name="decision-edit",
    ),
    path(
        "p/<int:partnership_id>/decisions/<int:decision_id>/delete/",
        views.decision_delete,
        name="decision-delete",
    ),
    path("p/<int:partnership_id>/actions/", views.action_list, name="actions"),
    path("p/<int:partnership_id>/actions/new/", views.action_create, name="action-create"),
    path(
        "p/<int:partnership_id>/actions/<int:action_item_id>/edit/",
        views.action_edit,
        name="action-edit",
    ),
    path(
        "p/<int:partnership_id>/actions/<int:action_item_id>/delete/",
        views.action_delete,
        name="action-delete",
    ),
    path(
        "p/<int:partnership_id>/actions/<int:action_item_id>/status/",
        views.action_status,
        name="action-status",
    ),
    path("w/<slug:slug>/my-actions/", views.my_actions, name="my-actions"),
]
