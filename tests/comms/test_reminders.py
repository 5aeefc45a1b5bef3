"""`convenor remind`: one digest per address and day, of follow-ups due and action items
due or overdue; none when nothing is due; the account page's opt-out honoured."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from convenor.comms import services
from convenor.comms.models import Digest
from convenor.meetings.services import action_item_create
from convenor.outreach.models import Method
from convenor.outreach.services import touch_create

TODAY = timezone.localdate()


def remind(*args: str) -> str:
    out = StringIO()
    call_command("remind", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def due(partnership, alice, sam, erin):
    touch_create(
        actor=sam,
        partnership=partnership,
        occurred_on=TODAY - dt.timedelta(days=10),
        method=Method.CALL,
        people=[erin],
        purpose="apprenticeship interest",
        follow_up_on=TODAY - dt.timedelta(days=2),
        follow_up_owner=sam,
    )
    touch_create(
        actor=sam,
        partnership=partnership,
        occurred_on=TODAY,
        method=Method.CALL,
        people=[erin],
        purpose="later",
        follow_up_on=TODAY + dt.timedelta(days=5),
        follow_up_owner=sam,
    )
    action_item_create(
        actor=alice,
        partnership=partnership,
        title="Send the curriculum draft",
        owner=erin,
        due_on=TODAY,
    )


def test_each_address_gets_one_digest_of_what_is_due(due, sam, erin):
    assert remind() == f"2 digests sent for {TODAY:%Y-%m-%d}.\n"
    by_address = {m.to[0]: m for m in mail.outbox}
    staff = by_address[sam.email]
    assert staff.subject == "Due today: 1 follow-up"
    assert "(overdue)" in staff.body and "apprenticeship interest" in staff.body
    assert "later" not in staff.body  # due in five days: not today's
    assert "apprenticeship interest" in staff.alternatives[0][0]
    partner = by_address[erin.email]
    assert partner.subject == "Due today: 1 action item"
    assert "Send the curriculum draft" in partner.body
    # An external partner has no account: she can stop the e-mails with the link.
    assert "/unsubscribe/" in partner.body


def test_a_second_run_the_same_day_sends_no_duplicate(due):
    remind()
    sent = len(mail.outbox)
    assert remind() == f"0 digests sent for {TODAY:%Y-%m-%d}.\n"
    assert len(mail.outbox) == sent
    assert Digest.objects.filter(sent_on=TODAY).count() == sent


def test_nothing_due_sends_no_digest(partnership, sam, erin):
    assert remind() == f"0 digests sent for {TODAY:%Y-%m-%d}.\n"
    assert mail.outbox == []


def test_a_user_who_turned_it_off_on_the_account_page_gets_none(client_for, due, sam, erin):
    response = client_for(sam).post("/accounts/tokens/", {"digest": "1"})  # box unticked
    assert response.status_code == 302
    sam.refresh_from_db()
    assert sam.daily_digest is False
    remind()
    assert [m.to for m in mail.outbox] == [[erin.email]]


def test_an_unsubscribed_partner_gets_none(due, partnership, sam, erin):
    services.unsubscribe(workspace_id=partnership.workspace_id, email=erin.email)
    remind()
    assert [m.to for m in mail.outbox] == [[sam.email]]


def test_a_bad_date_is_refused_naming_it():
    with pytest.raises(CommandError, match="'31/12' is not a date"):
        remind("--date", "31/12")
