"""Updates to partners: composed, previewed, sent through the worker, read back from the
outbox (text and HTML parts, the unsubscribe link), logged as e-mail touches."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from convenor.comms import services
from convenor.comms.models import Recipient, Unsubscribe, Update
from convenor.outreach.models import Method, Touch
from convenor.partners.models import Category

LINK = re.compile(r"https?://[^\s\"<>]+")


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def _update(partnership, alice, **kwargs):
    fields = {
        "subject": "Apprenticeship: three employers signed on",
        "body": "The work group met.\n\n* **Acme** hosts the first cohort\n* <script>x</script>",
        "categories": [Category.EMPLOYER],
    }
    fields.update(kwargs)
    return services.update_create(actor=alice, partnership=partnership, **fields)


def test_an_update_reaches_the_picked_people_as_text_and_html(
    partnership, alice, erin, ed, nora, dean
):
    update = _update(partnership, alice)
    plan = services.update_send(actor=alice, update=update)
    assert {p.name for p in plan.send} == {"Erin Employer", "Ed Employer"}
    assert sorted(m.to[0] for m in mail.outbox) == ["ed@beta.example", "erin@acme.example"]
    message = next(m for m in mail.outbox if m.to == ["erin@acme.example"])
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert "<strong>Acme</strong>" in html and "<li>" in html
    assert "<script>" not in html  # Markdown's raw HTML is escaped, never run
    assert "**Acme** hosts the first cohort" in message.body
    assert "Dear Erin Employer" in message.body


def test_every_message_carries_an_unsubscribe_link_that_stops_later_updates(
    client, partnership, alice, erin, ed
):
    services.update_send(actor=alice, update=_update(partnership, alice))
    message = next(m for m in mail.outbox if m.to == ["erin@acme.example"])
    links = [u for u in LINK.findall(message.body) if "/unsubscribe/" in u]
    assert len(links) == 1
    assert links[0] in message.alternatives[0][0]
    assert message.extra_headers["List-Unsubscribe"] == f"<{links[0]}>"
    assert client.get(_path(links[0])).status_code == 200
    assert not Unsubscribe.objects.exists()  # the page asks; the button stops
    assert b"receives no more updates" in client.post(_path(links[0])).content
    mail.outbox.clear()
    second = _update(partnership, alice, subject="Second")
    services.update_send(actor=alice, update=second)
    assert [m.to for m in mail.outbox] == [["ed@beta.example"]]
    statuses = dict(Recipient.objects.filter(update=second).values_list("person__name", "status"))
    assert statuses["Erin Employer"] == Recipient.Status.UNSUBSCRIBED


def test_an_unsubscribe_between_queueing_and_sending_is_honoured(
    partnership, alice, erin, ed, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    update = _update(partnership, alice)
    services.update_send(actor=alice, update=update)
    services.unsubscribe(workspace_id=partnership.workspace_id, email="ERIN@acme.example")
    from convenor.comms.tasks import send_update

    send_update.call(update.pk)
    assert [m.to for m in mail.outbox] == [["ed@beta.example"]]


def test_each_delivery_is_an_e_mail_touch_on_the_person(partnership, alice, erin, ed, nora):
    update = _update(partnership, alice)
    services.update_send(actor=alice, update=update)
    touches = Touch.objects.filter(partnership=partnership, method=Method.EMAIL)
    assert sorted(p.name for t in touches for p in t.people.all()) == [
        "Ed Employer",
        "Erin Employer",
    ]
    assert all(t.purpose == f"Update: {update.subject}" for t in touches)
    row = Recipient.objects.get(update=update, person=erin)
    assert row.status == Recipient.Status.SENT and row.touch is not None
    assert Update.objects.get(pk=update.pk).status == Update.Status.SENT


def test_people_without_an_address_are_listed_as_not_reached(partnership, alice, erin, nora):
    update = _update(partnership, alice)
    services.update_send(actor=alice, update=update)
    assert Recipient.objects.get(update=update, person=nora).status == Recipient.Status.NO_EMAIL
    assert not Touch.objects.filter(people=nora).exists()


def test_an_update_with_no_recipients_is_refused_with_the_count(partnership, alice, dean):
    update = _update(partnership, alice)  # employers only; only a college is at the table
    with pytest.raises(ValidationError, match=r"0 picked"):
        services.update_send(actor=alice, update=update)
    assert mail.outbox == []
    assert Update.objects.get(pk=update.pk).status == Update.Status.DRAFT


def test_an_update_to_only_unsubscribed_people_is_refused_with_the_counts(
    partnership, alice, erin, nora
):
    services.unsubscribe(workspace_id=partnership.workspace_id, email=erin.email)
    update = _update(partnership, alice)
    with pytest.raises(ValidationError) as refusal:
        services.update_send(actor=alice, update=update)
    assert "of 2 members picked, 1 unsubscribed, 1 has no e-mail address" in str(refusal.value)
    assert not Recipient.objects.filter(update=update).exists()


def test_the_pages_compose_preview_and_send(client_for, alice, partnership, erin, nora):
    client = client_for(alice)
    created = client.post(
        f"/p/{partnership.pk}/updates/new/",
        {"subject": "Kick-off date", "body": "We meet on *Tuesday*.", "categories": ["employer"]},
    )
    assert created.status_code == 302
    update = Update.objects.get(subject="Kick-off date")
    preview = client.get(created["Location"]).content.decode()
    assert "<em>Tuesday</em>" in preview
    assert "1 recipient with an e-mail address; not reached: 0 unsubscribed, 1 without" in preview
    client.post(f"/p/{partnership.pk}/updates/{update.pk}/send/")
    assert [m.to for m in mail.outbox] == [["erin@acme.example"]]
    page = client.get(f"/p/{partnership.pk}/updates/{update.pk}/").content.decode()
    assert "Not reached: no e-mail address" in page and "Sent" in page


def test_the_page_refuses_an_update_to_nobody_with_the_count(client_for, alice, partnership):
    client = client_for(alice)
    update = _update(partnership, alice)
    response = client.post(f"/p/{partnership.pk}/updates/{update.pk}/send/", follow=True)
    assert "0 picked" in response.content.decode()
    assert mail.outbox == []


def test_a_viewer_cannot_send_and_another_workspace_sees_nothing(
    client_for, alice, vic, olga, partnership, erin
):
    update = _update(partnership, alice)
    assert client_for(vic).post(f"/p/{partnership.pk}/updates/{update.pk}/send/").status_code == 403
    assert client_for(olga).get(f"/p/{partnership.pk}/updates/{update.pk}/").status_code == 404
    assert client_for(olga).get(f"/api/updates/{update.pk}").status_code == 404
    assert mail.outbox == []


def test_a_tampered_unsubscribe_link_records_nothing(client, partnership, alice, erin):
    services.update_send(actor=alice, update=_update(partnership, alice))
    url = _path(next(u for u in LINK.findall(mail.outbox[0].body) if "/unsubscribe/" in u))
    response = client.post(url.rstrip("/") + "x/")
    assert response.status_code == 400
    assert not Unsubscribe.objects.exists()
