"""Item 9: with 5,000 people, 2,000 organisations and 50,000 touches in a workspace, the
partner list, a person's page and the partnership page run a bounded number of queries
and are paginated. The workspace is built once for the module (seeded, ``bulk_create``).

Latency is measured by ``benchmarks/partners_scale.py``, not asserted here.
"""

from __future__ import annotations

import pytest
from django.test import Client

from convenor.outreach.models import Touch
from convenor.partners.models import Organisation, Person
from convenor.partners.scale import build_scale_workspace
from convenor.workspaces.models import Workspace
from tests.conftest import make_user

pytestmark = [pytest.mark.slow, pytest.mark.django_db, pytest.mark.xdist_group("partners_scale")]

# Bounds for whole pages, including the session, the user's memberships and the
# navigation (measured: lists 6, person page 9, members and board 11-12). The
# partnership page also carries every other app's panel (38 queries measured, of which
# this issue's two panels take 8), so its bound leaves them room; an N+1 over
# 50,000 touches would still break it by thousands.
PARTNER_LIST_MAX = 10
PERSON_PAGE_MAX = 12
MEMBER_PAGES_MAX = 16
PARTNERSHIP_PAGE_MAX = 60
# Both panels together, on the 50,000-touch workspace. Raised from 8 when the panels gained
# the target-industry mix, the briefings of elected officials and the uncoordinated-asks
# check; the outreach panel alone is 9 at 30 and at 1,500 touches (tests/outreach).
PARTNERS_PANELS_MAX = 17


@pytest.fixture(scope="module")
def scale(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        owner = make_user("scale-owner@example.org", "Scale Owner")
        built = build_scale_workspace(owner=owner)
    yield built, owner
    with django_db_blocker.unblock():
        Workspace.objects.filter(pk=built.workspace.pk).delete()
        owner.delete()


def client(owner) -> Client:
    c = Client()
    c.force_login(owner)
    return c


def test_the_scale_workspace_has_the_size_of_the_issue(scale):
    built, _ = scale
    ws = built.workspace
    assert Person.objects.filter(workspace=ws).count() == 5000
    assert Organisation.objects.filter(workspace=ws).count() == 2000
    assert Touch.objects.filter(workspace=ws).count() == 50000


def test_the_organisation_list_is_paginated_and_bounded(scale, django_assert_max_num_queries):
    built, owner = scale
    c = client(owner)
    with django_assert_max_num_queries(PARTNER_LIST_MAX):
        response = c.get(f"/w/{built.workspace.slug}/partners/?page=7")
    assert response.status_code == 200
    page = response.context["page"]
    assert (page.number, len(page.object_list), page.paginator.num_pages) == (7, 50, 40)


def test_the_people_list_is_paginated_and_bounded(scale, django_assert_max_num_queries):
    built, owner = scale
    c = client(owner)
    with django_assert_max_num_queries(PARTNER_LIST_MAX):
        response = c.get(f"/w/{built.workspace.slug}/partners/people/?page=3&q=a")
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 50


def test_a_persons_page_with_2000_touches_is_paginated_and_bounded(
    scale, django_assert_max_num_queries
):
    built, owner = scale
    person = built.busiest_person
    c = client(owner)
    with django_assert_max_num_queries(PERSON_PAGE_MAX):
        response = c.get(f"/w/{built.workspace.slug}/partners/people/{person.pk}/?page=2")
    assert response.status_code == 200
    touches = response.context["touches"]
    assert touches.paginator.count >= 2000
    assert len(touches.object_list) == 20


def test_the_partnership_page_is_bounded(scale, django_assert_max_num_queries):
    built, owner = scale
    partnership = built.partnerships[0]
    c = client(owner)
    with django_assert_max_num_queries(PARTNERSHIP_PAGE_MAX):
        response = c.get(f"/p/{partnership.pk}/")
    assert response.status_code == 200
    assert b'id="partners-panel"' in response.content
    assert b'id="outreach-panel"' in response.content


def test_the_partners_and_outreach_panels_are_bounded_on_their_own(
    scale, django_assert_max_num_queries, rf
):
    from convenor.outreach.panels import partnership_panel as outreach_panel
    from convenor.partners.panels import partnership_panel as partners_panel
    from convenor.partnerships.models import Partnership
    from convenor.workspaces.access import object_for

    built, owner = scale
    partnership = object_for(owner, Partnership, pk=built.partnerships[0].pk)
    request = rf.get("/")
    request.user = owner
    with django_assert_max_num_queries(PARTNERS_PANELS_MAX):
        partners_panel(request, partnership)
        outreach_panel(request, partnership)


def test_the_members_list_and_board_are_bounded(scale, django_assert_max_num_queries):
    built, owner = scale
    partnership = built.partnerships[0]
    c = client(owner)
    with django_assert_max_num_queries(MEMBER_PAGES_MAX):
        members = c.get(f"/p/{partnership.pk}/partners/?page=2")
    assert len(members.context["page"].object_list) == 50
    with django_assert_max_num_queries(MEMBER_PAGES_MAX):
        board = c.get(f"/p/{partnership.pk}/pipeline/")
    assert all(len(col.members) <= 25 for col in board.context["columns"])


def test_the_outreach_log_is_paginated_and_bounded(scale, django_assert_max_num_queries):
    built, owner = scale
    partnership = built.partnerships[0]
    c = client(owner)
    with django_assert_max_num_queries(MEMBER_PAGES_MAX):
        response = c.get(f"/p/{partnership.pk}/outreach/?page=10")
    assert len(response.context["page"].object_list) == 25
