from django.urls import path

from convenor.occupations import views

app_name = "occupations"
P = "p/<int:partnership_id>/"
urlpatterns = [
    path(f"{P}occupations/", views.partnership_occupations, name="partnership"),
    path(f"{P}occupations/download.csv", views.partnership_download, name="csv"),
    path(f"{P}occupations/find/", views.occupation_find, name="find"),
    path(
        f"{P}occupations/saved/<int:occupation_snapshot_id>/",
        views.snapshot_detail,
        name="snapshot",
    ),
    path(
        f"{P}occupations/evidence/<int:occupation_evidence_id>/delete/",
        views.evidence_delete,
        name="evidence-delete",
    ),
    path(f"{P}programs/", views.programs, name="programs"),
    path(f"{P}programs/import/", views.programs_import, name="programs-import"),
    path(f"{P}programs/<int:program_id>/edit/", views.program_edit, name="program-edit"),
    path(f"{P}programs/<int:program_id>/delete/", views.program_delete, name="program-delete"),
]
