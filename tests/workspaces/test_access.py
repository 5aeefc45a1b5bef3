from __future__ import annotations

import json
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from convenor.audit.models import AuditEntry
from convenor.partnerships.models import Partnership
from convenor.partnerships.services import partnership_create
from convenor.workspaces.access import object_for, workspace_for
from convenor.workspaces.models import Access


def test_a_member_gets_the_object(sam, partnership):
    assert object_for(sam, Partnership, pk=partnership.pk) == partnership


def test_an_outsider_gets_404_not_403(olga, partnership):
    with pytest.raises(Http404):
        object_for(olga, Partnership, pk=partnership.pk)


def test_a_viewer_may_read_but_not_edit(vic, partnership):
    assert object_for(vic, Partnership, pk=partnership.pk)
    with pytest.raises(PermissionDenied):
        object_for(vic, Partnership, need=Access.EDIT, pk=partnership.pk)


def test_a_partner_sees_only_shared_partnerships(pat, alice, workspace, partnership):
    other = partnership_create(actor=alice, workspace=workspace, name="Logistics Council")
    assert object_for(pat, Partnership, pk=partnership.pk)
    with pytest.raises(Http404):
        object_for(pat, Partnership, pk=other.pk)


def test_a_partner_is_kept_out_of_workspace_wide_pages_unless_allowed(pat, workspace):
    with pytest.raises(Http404):
        workspace_for(pat, workspace.slug)
    assert workspace_for(pat, workspace.slug, partner_ok=True).workspace == workspace


def test_a_malformed_id_is_404(sam):
    with pytest.raises(Http404):
        object_for(sam, Partnership, pk="not-a-number")


def test_a_partner_is_refused_the_teams_views_of_a_shared_partnership(pat, vic, partnership):
    with pytest.raises(PermissionDenied, match="the convener team's working view"):
        object_for(pat, Partnership, need=Access.TEAM, pk=partnership.pk)
    assert object_for(vic, Partnership, need=Access.TEAM, pk=partnership.pk) == partnership


def test_a_partner_contributes_where_a_viewer_may_not(pat, vic, partnership):
    assert object_for(pat, Partnership, need=Access.CONTRIBUTE, pk=partnership.pk)
    with pytest.raises(PermissionDenied):
        object_for(vic, Partnership, need=Access.CONTRIBUTE, pk=partnership.pk)


def test_the_levels_are_ordered_by_the_roles_they_admit():
    assert Access.EDIT >= Access.TEAM and Access.EDIT >= Access.CONTRIBUTE
    assert Access.MANAGE >= Access.EDIT >= Access.VIEW
    # Neither is stricter: a viewer is on the team, a partner contributes.
    assert not Access.TEAM >= Access.CONTRIBUTE and not Access.CONTRIBUTE >= Access.TEAM


CSRF_TOKEN = re.compile(rb"[A-Za-z0-9]{64}")


def _other_workspace_partnership(olga) -> Partnership:
    theirs = workspace_for(olga, olga.memberships.get().workspace.slug).workspace
    return partnership_create(actor=olga, workspace=theirs, name="Elsewhere Council")


def test_an_id_of_another_workspace_is_never_fetched(sam, olga, partnership):
    theirs = _other_workspace_partnership(olga)
    with CaptureQueriesContext(connection) as queries, pytest.raises(Http404):
        object_for(sam, Partnership, pk=theirs.pk)
    # The lookup ran inside sam's workspaces: the other row was not read, then refused.
    lookups = [
        q["sql"] for q in queries if f'"partnerships_partnership"."id" = {theirs.pk}' in q["sql"]
    ]
    assert lookups, "the partnership was looked up"
    assert all('"partnerships_partnership"."workspace_id" IN' in sql for sql in lookups)


@pytest.mark.parametrize(
    "url",
    [
        "/p/{id}/",
        "/p/{id}/outreach/",
        "/api/partnerships/{id}",
        "/api/partnerships/{id}/members",
        "/api/partnerships/{id}/intermediary/candidates",
    ],
)
def test_an_id_of_another_workspace_answers_exactly_like_a_missing_id(
    sam, olga, partnership, client_for, url
):
    theirs = _other_workspace_partnership(olga)
    missing = theirs.pk + 1000
    client = client_for(sam)
    other_url, absent_url = url.format(id=theirs.pk), url.format(id=missing)
    other, absent = client.get(other_url), client.get(absent_url)
    assert other.status_code == absent.status_code == 404
    # The same page, but for the address it names and the form token of each response.
    assert _same_page(other.content, other_url) == _same_page(absent.content, absent_url)


def _same_page(content: bytes, url: str) -> bytes:
    return CSRF_TOKEN.sub(b"TOKEN", content.replace(url.encode(), b"URL"))


BODIES_NAMING_AN_ORGANISATION = {
    "candidate": ("/api/partnerships/{p}/intermediary/candidates", {"organisation_id": "{org}"}),
    "convener": (
        "/api/partnerships/{p}/intermediary/history",
        {"convener_id": "{org}", "started_on": "2026-01-05"},
    ),
    "interest": (
        "/api/partnerships/{p}/interests",
        {
            "organisation_id": "{org}",
            "declared_by": "Dana",
            "kind": "board",
            "description": "Board seat.",
            "declared_on": "2026-01-05",
        },
    ),
    "member": ("/api/partnerships/{p}/members", {"organisation_id": "{org}"}),
    "person": ("/api/workspaces/{slug}/people", {"name": "Ann", "organisation_id": "{org}"}),
    "relationship": (
        "/api/workspaces/{slug}/relationships",
        {"kind": "funded_by", "from_organisation_id": "{org}", "to_organisation_id": "{own}"},
    ),
    "touch": (
        "/api/partnerships/{p}/touches",
        {"occurred_on": "2026-01-05", "method": "one_on_one", "organisation_ids": ["{org}"]},
    ),
}


@pytest.mark.parametrize("write", sorted(BODIES_NAMING_AN_ORGANISATION))
def test_a_write_naming_another_workspaces_organisation_answers_as_for_a_missing_one(
    sam, olga, workspace, partnership, client_for, write
):
    from convenor.partners.models import Organisation

    own = Organisation.objects.create(workspace=workspace, name="Own", category="employer")
    theirs = Organisation.objects.create(
        workspace=olga.memberships.get().workspace, name="Elsewhere", category="employer"
    )
    missing = theirs.pk + 1000
    path, body = BODIES_NAMING_AN_ORGANISATION[write]
    url = path.format(p=partnership.pk, slug=workspace.slug)

    def post(org_id: int):
        filled = json.loads(
            json.dumps(body).replace('"{org}"', str(org_id)).replace('"{own}"', str(own.pk))
        )
        response = client_for(sam).post(url, filled, content_type="application/json")
        return response.status_code, response.content.decode().replace(str(org_id), "ID")

    before = AuditEntry.objects.count()
    assert post(theirs.pk) == post(missing)
    assert post(theirs.pk)[0] == 422
    assert AuditEntry.objects.count() == before
