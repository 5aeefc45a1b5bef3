from django.urls import path

from convenor.comms import views

app_name = "comms"

P = "p/<int:partnership_id>/"

urlpatterns = [
    path(P + "updates/", views.updates, name="updates"),
    path(P + "updates/new/", views.update_create, name="update-create"),
    path(P + "updates/<int:update_id>/", views.update_detail, name="update"),
    path(P + "updates/<int:update_id>/edit/", views.update_edit, name="update-edit"),
    path(P + "updates/<int:update_id>/send/", views.update_send, name="update-send"),
    path(P + "input-links/", views.links, name="links"),
    path(P + "input-links/<int:input_link_id>/revoke/", views.link_revoke, name="link-revoke"),
    path(P + "meetings/<int:meeting_id>/pulse/", views.pulse_request, name="pulse-request"),
    path("unsubscribe/<str:unsubscribe_token>/", views.unsubscribe, name="unsubscribe"),
    path("i/<str:input_token>/", views.input_page, name="input"),
]
