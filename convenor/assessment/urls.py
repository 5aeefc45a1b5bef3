from django.urls import path

from convenor.assessment import views

app_name = "assessment"
P = "p/<int:partnership_id>/"
urlpatterns = [
    path(P + "guide/", views.guide_page, name="guide"),
    path(P + "readiness/", views.readiness_page, name="readiness"),
    path(P + "readiness/<slug:readiness_question>/", views.readiness_answer, name="answer"),
    path(P + "life-cycle/", views.lifecycle_page, name="lifecycle"),
    path(P + "life-cycle/move/", views.lifecycle_move, name="move"),
    path(P + "life-cycle/phases/new/", views.phase_create, name="phase-new"),
    path(P + "life-cycle/phases/<int:phase_id>/delete/", views.phase_delete, name="phase-delete"),
    path(P + "tensions/", views.tension_list, name="tensions"),
    path(P + "tensions/new/", views.tension_create, name="tension-new"),
    path(P + "tensions/<int:tension_id>/", views.tension_edit, name="tension-edit"),
    path(P + "tensions/<int:tension_id>/delete/", views.tension_delete, name="tension-delete"),
    path(P + "timeline/", views.timeline_page, name="timeline"),
    path(P + "health/", views.health_page, name="health"),
    path(P + "self-check/", views.selfcheck_page, name="selfcheck"),
    path("w/<slug:slug>/overview/", views.overview_page, name="overview"),
    path("w/<slug:slug>/overview.csv", views.overview_csv, name="overview-csv"),
]
