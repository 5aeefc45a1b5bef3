from django.urls import path

from convenor.planning.resources import views

urlpatterns = [
    path("resources/", views.resources, name="resources"),
    path("resources/history/", views.resource_history, name="resource-history"),
    path("resources/history/<int:map_version>/", views.resource_version, name="resource-version"),
    path("resources/<int:resource_id>/edit/", views.resource_edit, name="resource-edit"),
    path("resources/<int:resource_id>/review/", views.resource_review, name="resource-review"),
    path("resources/<int:resource_id>/delete/", views.resource_delete, name="resource-delete"),
]
