"""The communications API: updates created, previewed, sent and listed with each
recipient's status; input links; pulse answers."""

from __future__ import annotations

from django.core import mail

from convenor.comms import services
from convenor.comms.models import InputLink


def test_an_update_is_created_previewed_sent_and_read_back(
    client_for, alice, partnership, erin, nora
):
    client = client_for(alice)
    created = client.post(
        f"/api/partnerships/{partnership.pk}/updates",
        {"subject": "News", "body": "A *short* note.", "categories": ["employer"]},
        content_type="application/json",
    )
    assert created.status_code == 201
    update_id = created.json()["id"]
    preview = client.get(f"/api/updates/{update_id}/preview").json()
    assert preview["html"] == "<p>A <em>short</em> note.</p>\n"
    assert preview["audience"]["send"] == ["Erin Employer"]
    assert preview["audience"]["no_email"] == ["Nora Noemail"]
    sent = client.post(f"/api/updates/{update_id}/send")
    assert sent.status_code == 202
    assert sent.json() == {
        "detail": "Update queued to 1 recipient.",
        "queued": 1,
        "not_reached": 1,
    }
    assert [m.to for m in mail.outbox] == [["erin@acme.example"]]
    detail = client.get(f"/api/updates/{update_id}").json()
    assert {r["person_name"]: r["status"] for r in detail["recipients"]} == {
        "Erin Employer": "sent",
        "Nora Noemail": "no_email",
    }
    listed = client.get(f"/api/partnerships/{partnership.pk}/updates").json()
    assert [u["status"] for u in listed] == ["sent"]


def test_sending_to_nobody_answers_422_with_the_count(client_for, alice, partnership):
    client = client_for(alice)
    update = services.update_create(
        actor=alice, partnership=partnership, subject="S", body="B", categories=["employer"]
    )
    response = client.post(f"/api/updates/{update.pk}/send")
    assert response.status_code == 422
    assert "0 picked" in str(response.json()["detail"])


def test_an_unknown_category_is_refused_naming_it(client_for, alice, partnership):
    response = client_for(alice).post(
        f"/api/partnerships/{partnership.pk}/updates",
        {"subject": "S", "body": "B", "categories": ["bakers"]},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "'bakers' is not one of" in str(response.json()["detail"])


def test_a_partner_reads_no_update_and_sends_none(client_for, alice, pat, partnership, erin):
    update = services.update_create(actor=alice, partnership=partnership, subject="S", body="B")
    client = client_for(pat)
    assert client.get(f"/api/updates/{update.pk}").status_code == 403
    assert client.post(f"/api/updates/{update.pk}/send").status_code == 403
    assert mail.outbox == []


def test_an_input_link_is_created_with_its_url_and_revoked(client_for, alice, partnership, erin):
    client = client_for(alice)
    made = client.post(
        f"/api/partnerships/{partnership.pk}/input-links",
        {"person_id": erin.pk, "purpose": "projections"},
        content_type="application/json",
    )
    assert made.status_code == 201
    link = InputLink.objects.get(pk=made.json()["id"])
    url = made.json()["url"]
    assert url.startswith("http") and "/i/" in url
    assert services.input_link_for_token(url.rstrip("/").rsplit("/", 1)[1]) == link
    revoked = client.post(f"/api/input-links/{link.pk}/revoke").json()
    assert revoked["revoked_at"] is not None


def test_a_person_of_another_workspace_gets_no_link(client_for, alice, olga, partnership):
    from tests.meetings.factories import person

    stranger = person(olga.memberships.get().workspace, "Sid Stranger")
    response = client_for(alice).post(
        f"/api/partnerships/{partnership.pk}/input-links",
        {"person_id": stranger.pk, "purpose": "pulse"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not InputLink.objects.exists()
