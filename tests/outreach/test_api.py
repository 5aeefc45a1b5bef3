"""The outreach API: touches, challenges heard, follow-ups."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from convenor.accounts.services import token_create
from convenor.outreach.models import Touch


@pytest.fixture
def api_for():
    def make(user):
        _, token = token_create(user=user, name="test")
        client = Client(headers={"Authorization": f"Bearer {token}"})

        def call(method, url, body=None):
            if method == "get":
                return client.get(url)
            return client.generic(
                method.upper(), url, json.dumps(body or {}), content_type="application/json"
            )

        return call

    return make


def test_staff_log_a_touch_and_read_the_challenge_counts(sam, partnership, ada, raj, api_for):
    api = api_for(sam)
    for person in (ada, raj):
        response = api("post", f"/api/partnerships/{partnership.pk}/touches", {
            "occurred_on": "2026-01-12", "method": "one_on_one", "person_ids": [person.pk],
            "pain_level": 4, "challenges": ["entry_level"],
        })  # fmt: skip
        assert response.status_code == 201
    assert response.json()["challenges"] == ["entry_level"]
    counts = api("get", f"/api/partnerships/{partnership.pk}/challenges-heard").json()
    assert counts == [
        {
            "challenge": "entry_level",
            "label": "Recruiting or retaining entry-level workers",
            "employers": 2,
            "touches": 2,
            "average_pain": 4.0,
        }
    ]


def test_an_unknown_challenge_gets_422(sam, partnership, ada, api_for):
    response = api_for(sam)("post", f"/api/partnerships/{partnership.pk}/touches", {
        "occurred_on": "2026-01-12", "method": "call", "person_ids": [ada.pk],
        "challenges": ["robots"],
    })  # fmt: skip
    assert response.status_code == 422
    assert not Touch.objects.exists()


def test_a_stale_touch_update_gets_409(alice, sam, partnership, ada, api_for):
    created = api_for(sam)("post", f"/api/partnerships/{partnership.pk}/touches", {
        "occurred_on": "2026-01-12", "method": "call", "person_ids": [ada.pk],
    }).json()  # fmt: skip
    api_for(sam)("patch", f"/api/touches/{created['id']}", {"version": 1, "purpose": "a"})
    response = api_for(alice)("patch", f"/api/touches/{created['id']}", {
        "version": 1, "purpose": "b",
    })  # fmt: skip
    assert response.status_code == 409


def test_my_follow_ups_come_back_through_the_api(sam, workspace, partnership, ada, api_for):
    today = timezone.localdate()
    api = api_for(sam)
    api("post", f"/api/partnerships/{partnership.pk}/touches", {
        "occurred_on": str(today), "method": "call", "person_ids": [ada.pk],
        "follow_up_on": str(today + dt.timedelta(days=3)),
    })  # fmt: skip
    due = api("get", f"/api/workspaces/{workspace.slug}/follow-ups").json()
    assert [t["follow_up_owner"] for t in due] == ["sam@acme.example"]


def test_a_partner_gets_counts_but_not_the_log(pat, alice, partnership, ada, api_for):
    from convenor.outreach.services import touch_create

    touch = touch_create(
        actor=alice,
        partnership=partnership,
        occurred_on=dt.date(2026, 1, 5),
        method="one_on_one",
        people=[ada],
        challenges=["turnover"],
    )
    api = api_for(pat)
    assert api("get", f"/api/partnerships/{partnership.pk}/touches").status_code == 403
    assert api("get", f"/api/touches/{touch.pk}").status_code == 403
    counts = api("get", f"/api/partnerships/{partnership.pk}/challenges-heard").json()
    assert counts[0]["employers"] == 1
