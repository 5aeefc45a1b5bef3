from django.urls import path

from convenor.workspaces import views

app_name = "workspaces"
urlpatterns = [
    path("w/new/", views.workspace_create, name="create"),
    path("w/<slug:slug>/switch/", views.workspace_switch, name="switch"),
    path("w/<slug:slug>/members/", views.members, name="members"),
    path("w/<slug:slug>/members/invite/", views.invite, name="invite"),
    path("w/<slug:slug>/members/<int:membership_id>/", views.member_update, name="member-update"),
    path(
        "w/<slug:slug>/invitations/<int:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation-revoke",
    ),
    path("invite/<str:invitation_token>/", views.invitation_accept, name="accept"),
]
