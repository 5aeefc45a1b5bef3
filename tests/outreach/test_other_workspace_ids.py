"""A write naming an organisation or a person of another workspace answers exactly as one
naming an id that does not exist: the same status and the same words, so that ids of
other workspaces cannot be told apart from free ones."""

from __future__ import annotations

import datetime as dt

import pytest

from convenor.partners.models import Organisation, Person


@pytest.fixture
def elsewhere(olga):
    workspace = olga.memberships.get().workspace
    org = Organisation.objects.create(
        workspace=workspace, name="Elsewhere Inc", category="employer"
    )
    person = Person.objects.create(workspace=workspace, name="Ella Elsewhere", organisation=org)
    return org, person


def free_id(model) -> int:
    return (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000


def writes(partnership, org_id: int, person_id: int) -> list[tuple[str, str, dict]]:
    p = partnership.pk
    return [
        (
            "post",
            f"/api/partnerships/{p}/touches",
            {"occurred_on": str(dt.date.today()), "method": "call", "organisation_ids": [org_id]},
        ),
        (
            "post",
            f"/api/partnerships/{p}/touches",
            {"occurred_on": str(dt.date.today()), "method": "call", "person_ids": [person_id]},
        ),
        (
            "post",
            f"/api/partnerships/{p}/touches",
            {"occurred_on": str(dt.date.today()), "method": "call", "by_organisation_id": org_id},
        ),
        ("post", f"/api/partnerships/{p}/intermediary/candidates", {"organisation_id": org_id}),
        (
            "post",
            f"/api/partnerships/{p}/meetings",
            {
                "title": "Kick-off",
                "objective": "Agree the issues.",
                "starts_at": "2031-05-01T09:00:00Z",
                "ends_at": "2031-05-01T11:00:00Z",
                "invitee_ids": [person_id],
            },
        ),
    ]


def test_an_id_of_another_workspace_answers_as_one_that_does_not_exist(
    client_for, sam, partnership, elsewhere
):
    org, person = elsewhere
    missing_org, missing_person = free_id(Organisation), free_id(Person)
    client = client_for(sam)
    theirs = writes(partnership, org.pk, person.pk)
    nothing = writes(partnership, missing_org, missing_person)
    for (method, url, body), (_, _, free_body) in zip(theirs, nothing, strict=True):
        a = getattr(client, method)(url, body, content_type="application/json")
        b = getattr(client, method)(url, free_body, content_type="application/json")
        words_a = a.content.decode().replace(str(org.pk), "ID").replace(str(person.pk), "ID")
        words_b = (
            b.content.decode().replace(str(missing_org), "ID").replace(str(missing_person), "ID")
        )
        assert (a.status_code, words_a) == (b.status_code, words_b), url
        assert a.status_code == 422, url
