from django.urls import path

from convenor.partnerships import views

app_name = "partnerships"
urlpatterns = [
    # The workspace's home: its partnerships (workspaces' own pages are matched first).
    path("w/<slug:slug>/", views.workspace_home, name="list"),
    path("w/<slug:slug>/partnerships/new/", views.partnership_create, name="create"),
    path("p/<int:partnership_id>/", views.partnership_detail, name="detail"),
    path("p/<int:partnership_id>/edit/", views.partnership_edit, name="edit"),
    path("p/<int:partnership_id>/delete/", views.partnership_delete, name="delete"),
]
