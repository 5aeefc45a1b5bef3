"""The planning pages, under ``p/<partnership_id>/plan/``; each subject lists its own."""

from django.urls import include, path

app_name = "planning"

P = "p/<int:partnership_id>/plan/"

urlpatterns = [
    path(P, include("convenor.planning.plan.urls")),
    path(P, include("convenor.planning.issues.urls")),
    path(P, include("convenor.planning.direction.urls")),
    path(P, include("convenor.planning.resources.urls")),
    path(P, include("convenor.planning.demand.urls")),
]
