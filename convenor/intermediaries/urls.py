from django.urls import path

from convenor.intermediaries import views

app_name = "intermediaries"
P = "p/<int:partnership_id>/intermediary/"
urlpatterns = [
    path(P, views.intermediary_home, name="home"),
    path(P + "candidates/new/", views.candidate_create, name="candidate-new"),
    path(P + "candidates/<int:candidate_id>/", views.candidate_detail, name="candidate"),
    path(P + "candidates/<int:candidate_id>/edit/", views.candidate_edit, name="candidate-edit"),
    path(
        P + "candidates/<int:candidate_id>/delete/", views.candidate_delete, name="candidate-delete"
    ),
    path(P + "weights/", views.rubric_edit, name="weights"),
    path(P + "history/", views.history, name="history"),
    path(P + "history/change/", views.convener_change, name="convener-change"),
    path(P + "history/<int:term_id>/edit/", views.term_edit, name="term-edit"),
    path(P + "interests/", views.interests, name="interests"),
    path(P + "interests/new/", views.interest_create, name="interest-new"),
    path(P + "interests/<int:interest_id>/edit/", views.interest_edit, name="interest-edit"),
    path(P + "interests/<int:interest_id>/delete/", views.interest_delete, name="interest-delete"),
]
