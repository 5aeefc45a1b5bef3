"""The name check (API and the meeting form's live check) reads the registry's authority
levels and categories: it answers the convener's team only, and only about people of the
workspace, so it cannot tell a partner who is a CEO or an elected official, nor anybody
which ids exist elsewhere."""

from __future__ import annotations

from django.test import Client

from convenor.accounts.services import token_create
from convenor.partners.models import Person

CHECK = "/api/partnerships/{}/meeting-name-check"


def api(user) -> Client:
    _, raw = token_create(user=user, name="test")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def missing_id() -> int:
    return (Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000


def test_a_partner_cannot_learn_who_is_a_ceo_through_the_api(partnership, pat, ceo):
    response = api(pat).get(CHECK.format(partnership.pk), {"invitee_ids": [ceo.pk]})
    assert response.status_code == 403
    assert "name." not in response.content.decode()
    assert "employer_led" not in response.content.decode()


def test_a_partner_cannot_learn_which_ids_exist_through_the_api(partnership, pat, ceo):
    known = api(pat).get(CHECK.format(partnership.pk), {"invitee_ids": [ceo.pk]})
    unknown = api(pat).get(CHECK.format(partnership.pk), {"invitee_ids": [missing_id()]})
    assert known.status_code == unknown.status_code == 403
    assert known.json() == unknown.json()


def test_a_viewer_of_the_team_may_use_the_name_check(partnership, vic, ceo):
    response = api(vic).get(
        CHECK.format(partnership.pk), {"event_type": "focus_group", "invitee_ids": [ceo.pk]}
    )
    assert response.status_code == 200
    assert "name.ceos_in_focus_group" in [f["code"] for f in response.json()]


def test_an_id_of_another_workspace_answers_like_one_that_does_not_exist(
    partnership, sam, stranger
):
    client = api(sam)
    missing = missing_id()
    foreign = client.get(CHECK.format(partnership.pk), {"invitee_ids": [stranger.pk]})
    absent = client.get(CHECK.format(partnership.pk), {"invitee_ids": [missing]})
    assert foreign.status_code == absent.status_code == 422
    assert foreign.json() == {
        "detail": [
            {
                "loc": ["body", "invitee_ids"],
                "msg": f"No person {stranger.pk} in this workspace's registry.",
            }
        ]
    }
    assert absent.content.decode().replace(str(missing), "N") == foreign.content.decode().replace(
        str(stranger.pk), "N"
    )


def test_the_live_check_of_the_form_refuses_a_partner(partnership, pat, ceo, client_for):
    response = client_for(pat).get(
        f"/p/{partnership.pk}/meetings/check/",
        {"event_type": "focus_group", "invitees": [ceo.pk]},
    )
    assert response.status_code == 403
    assert b"name.ceos_in_focus_group" not in response.content
    assert b"Carla Ceo" not in response.content


def test_the_live_check_answers_an_id_of_another_workspace_like_a_missing_one(
    partnership, sam, stranger, client_for
):
    client = client_for(sam)
    page = f"/p/{partnership.pk}/meetings/check/"
    foreign = client.get(page, {"title": "Spring summit", "invitees": [stranger.pk]})
    absent = client.get(page, {"title": "Spring summit", "invitees": [missing_id()]})
    assert foreign.status_code == absent.status_code == 200
    assert foreign.content == absent.content
    assert b"Sid Stranger" not in foreign.content
