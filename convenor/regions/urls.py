from django.urls import path

from convenor.regions import occupations, views

app_name = "regions"
urlpatterns = [
    path("w/<slug:slug>/regions/", views.region_list, name="list"),
    path("w/<slug:slug>/regions/new/", views.region_create, name="create"),
    path("w/<slug:slug>/regions/areas/", views.area_search, name="areas"),
    path("w/<slug:slug>/regions/uploads/", views.upload_create, name="upload"),
    path("w/<slug:slug>/analysis/", views.adhoc_analysis, name="adhoc"),
    path("regions/<int:region_id>/", views.region_analysis, name="analysis"),
    path("regions/<int:region_id>/edit/", views.region_edit, name="edit"),
    path("regions/<int:region_id>/use/", views.snapshot_create, name="use"),
    path("regions/<int:region_id>/start/", views.partnership_start, name="start"),
    path("regions/<int:region_id>/download.csv", views.region_download, {"fmt": "csv"}, name="csv"),
    path(
        "regions/<int:region_id>/download.xlsx", views.region_download, {"fmt": "xlsx"}, name="xlsx"
    ),
    path("regions/<int:region_id>/snapshot.pdf", views.region_download, {"fmt": "pdf"}, name="pdf"),
    path(
        "regions/<int:region_id>/snapshot.docx",
        views.region_download,
        {"fmt": "docx"},
        name="docx",
    ),
    path(
        "regions/<int:region_id>/occupations/", occupations.region_occupations, name="occupations"
    ),
    path(
        "regions/<int:region_id>/occupations.csv",
        occupations.region_occupations_download,
        name="occupations-csv",
    ),
    path("uploads/<int:upload_id>/", views.upload_status, name="upload-status"),
    path("uploads/<int:upload_id>/run-again/", views.upload_run_again, name="upload-run-again"),
    path("uploads/<int:upload_id>/discard/", views.upload_discard, name="upload-discard"),
    path("p/<int:partnership_id>/why-this-industry/", views.why_this_industry, name="why"),
]
