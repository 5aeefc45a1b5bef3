from django.urls import path

from convenor.planning.direction import views

urlpatterns = [
    path("direction/", views.direction, name="direction"),
    path("direction/edit/", views.direction_edit, name="direction-edit"),
    path("direction/roles/new/", views.role_create, name="role-create"),
    path("direction/roles/<int:role_id>/edit/", views.role_edit, name="role-edit"),
    path("direction/roles/<int:role_id>/delete/", views.role_delete, name="role-delete"),
    path("logic-model/", views.logic_model, name="logic-model"),
    path("logic-model/<int:entry_id>/edit/", views.logic_entry_edit, name="logic-entry-edit"),
    path("logic-model/<int:entry_id>/delete/", views.logic_entry_delete, name="logic-entry-delete"),
]
