from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

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
