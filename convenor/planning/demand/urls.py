from django.urls import path

from convenor.planning.demand import views

urlpatterns = [
    path("demand/", views.demand, name="demand"),
    path("demand/<int:projection_id>/edit/", views.projection_edit, name="projection-edit"),
    path("demand/<int:projection_id>/delete/", views.projection_delete, name="projection-delete"),
]
