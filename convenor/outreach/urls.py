from django.urls import path

from convenor.outreach import views

app_name = "outreach"
P = "p/<int:partnership_id>/"
urlpatterns = [
    path(f"{P}outreach/", views.touch_list, name="touches"),
    path(f"{P}outreach/new/", views.touch_create, name="touch-create"),
    path(f"{P}outreach/challenges/", views.challenges_heard, name="challenges"),
    path(f"{P}outreach/<int:touch_id>/", views.touch_detail, name="touch"),
    path(f"{P}outreach/<int:touch_id>/delete/", views.touch_delete, name="touch-delete"),
    path(f"{P}outreach/<int:touch_id>/done/", views.follow_up_done, name="follow-up-done"),
    path(f"{P}recruitment/", views.recruitment_index, name="recruitment"),
    path(
        f"{P}recruitment/partner/<int:member_id>/",
        views.recruitment_member,
        name="recruitment-member",
    ),
    path(
        f"{P}recruitment/<slug:partner_category>/",
        views.recruitment_handout,
        name="recruitment-handout",
    ),
    path(
        f"{P}recruitment/<slug:partner_category>/edit/",
        views.recruitment_edit,
        name="recruitment-edit",
    ),
    path("w/<slug:slug>/follow-ups/", views.follow_ups, name="follow-ups"),
    path(
        "w/<slug:slug>/organisations/<int:organisation_id>/point-of-contact/",
        views.point_of_contact,
        name="point-of-contact",
    ),
]
