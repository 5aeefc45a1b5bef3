from django.urls import path

from convenor.partners import import_views, member_views, views

app_name = "partners"
W = "w/<slug:slug>/partners/"
P = "p/<int:partnership_id>/"
urlpatterns = [
    # The workspace's registry (staff, owners, viewers; never partner-role users).
    path(W, views.organisation_list, name="organisations"),
    path(f"{W}organisations/new/", views.organisation_create, name="organisation-create"),
    path(
        f"{W}organisations/export/",
        import_views.export_organisations,
        name="organisations-export",
    ),
    path(
        f"{W}organisations/<int:organisation_id>/",
        views.organisation_detail,
        name="organisation",
    ),
    path(
        f"{W}organisations/<int:organisation_id>/edit/",
        views.organisation_edit,
        name="organisation-edit",
    ),
    path(
        f"{W}organisations/<int:organisation_id>/delete/",
        views.organisation_delete,
        name="organisation-delete",
    ),
    path(f"{W}people/", views.person_list, name="people"),
    path(f"{W}people/pick/", views.people_pick, name="people-pick"),
    path(f"{W}people/new/", views.person_create, name="person-create"),
    path(f"{W}people/export/", import_views.export_people, name="people-export"),
    path(f"{W}people/<int:person_id>/", views.person_detail, name="person"),
    path(f"{W}people/<int:person_id>/edit/", views.person_edit, name="person-edit"),
    path(f"{W}people/<int:person_id>/delete/", views.person_delete, name="person-delete"),
    path(f"{W}people/<int:person_id>/account/", views.person_account, name="person-account"),
    path(f"{W}accounts/<int:membership_id>/", views.member_account, name="member-account"),
    path(f"{W}add-to-partnership/", views.add_to_partnership, name="add-to-partnership"),
    path(f"{W}quick/organisation/", views.quick_organisation, name="quick-organisation"),
    path(f"{W}quick/person/", views.quick_person, name="quick-person"),
    path(f"{W}relationships/new/", views.relationship_create, name="relationship-create"),
    path(
        f"{W}relationships/<int:relationship_id>/edit/",
        views.relationship_edit,
        name="relationship-edit",
    ),
    path(
        f"{W}relationships/<int:relationship_id>/delete/",
        views.relationship_delete,
        name="relationship-delete",
    ),
    path(f"{W}network/", views.workspace_network, name="network"),
    path(f"{W}import/", import_views.import_upload, name="import-upload"),
    path(f"{W}import/<int:import_id>/", import_views.import_detail, name="import"),
    path(f"{W}import/<int:import_id>/report.csv", import_views.import_report, name="import-report"),
    path(f"{W}import/<int:import_id>/undo/", import_views.import_undo, name="import-undo"),
    path(
        f"{W}import/<int:import_id>/run-again/",
        import_views.import_run_again,
        name="import-run-again",
    ),
    path(f"{W}import/<int:import_id>/discard/", import_views.import_discard, name="import-discard"),
    # One partnership's members, pipeline and network.
    path(f"{P}partners/", member_views.member_list, name="members"),
    path(f"{P}partners/add/", member_views.member_add, name="member-add"),
    path(f"{P}partners/<int:member_id>/", member_views.member_detail, name="member"),
    path(f"{P}partners/<int:member_id>/move/", member_views.member_move, name="member-move"),
    path(f"{P}partners/<int:member_id>/remove/", member_views.member_remove, name="member-remove"),
    path(f"{P}pipeline/", member_views.pipeline_board, name="board"),
    path(f"{P}network/", member_views.partnership_network, name="partnership-network"),
]
