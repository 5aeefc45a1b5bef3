"""The decision pages show the interests the people deciding have declared.

The declarations are kept by the intermediaries app (conflicts of interest); a
decision shows those of the people who attended the meeting where it was made,
of the people in the one-on-one where it was made, and of anybody named among
"who decided", held on the day of the decision.
"""

from __future__ import annotations

import datetime as dt

import pytest

from convenor.audit.services import create
from convenor.intermediaries import services as intermediaries
from convenor.intermediaries.models import InterestKind
from convenor.meetings import services
from convenor.outreach.models import Method, Touch
from convenor.partners.models import Category
from tests.meetings.factories import meeting, org

DECIDED = dt.date(2026, 3, 2)


def declare(partnership, alice, **fields):
    fields.setdefault("kind", InterestKind.BOARD)
    fields.setdefault("declared_on", dt.date(2026, 1, 5))
    return intermediaries.interest_create(actor=alice, partnership=partnership, **fields)


@pytest.fixture
def columbus(workspace):
    return org(workspace, "Columbus State", Category.EDUCATION)


@pytest.fixture
def held(partnership, alice, ceo, college, board):
    """A held meeting: Carla and Dean came, Bea was invited and stayed away."""
    m = meeting(partnership, alice, days=-3, invitees=[ceo, college, board])
    services.attendance_record(actor=alice, meeting=m, attended_person_ids=[ceo.pk, college.pk])
    return m


@pytest.fixture
def decision(partnership, alice, held):
    return services.decision_create(
        actor=alice,
        partnership=partnership,
        text="Ask Columbus State for a bid on the training contract.",
        decided_on=DECIDED,
        decided_by="Employer partners by consensus",
        meeting=held,
    )


def decision_url(d):
    return f"/p/{d.partnership_id}/decisions/{d.pk}/"


def shown(response) -> list[tuple[str, str]]:
    return [(i.who, i.description) for i in response.context["interests"]]


def test_the_decision_page_shows_the_interests_of_those_who_attended(
    partnership, alice, vic, client_for, decision, college, board, columbus
):
    declare(
        partnership,
        alice,
        person=college,
        organisation=columbus,
        description="Sits on the board of Columbus State, which bids for the contract.",
    )
    declare(partnership, alice, person=board, description="Bea's interest, she stayed away.")

    response = client_for(vic).get(decision_url(decision))

    assert response.status_code == 200
    assert shown(response) == [
        ("Dean Diaz", "Sits on the board of Columbus State, which bids for the contract.")
    ]
    content = response.content.decode()
    assert "Declared interests of those deciding" in content
    assert "the decision names Columbus State" in content
    assert "attended the meeting" in content
    assert "Bea&#x27;s interest" not in content


def test_an_interest_that_ended_before_the_decision_is_not_shown(
    partnership, alice, client_for, decision, ceo
):
    declare(
        partnership,
        alice,
        person=ceo,
        description="Was paid by the college as an adviser.",
        ended_on=DECIDED - dt.timedelta(days=1),
    )

    response = client_for(alice).get(decision_url(decision))

    assert shown(response) == []
    assert b"None of the people deciding has declared an interest" in response.content


def test_a_staff_member_named_among_who_decided_is_shown_with_her_declaration(
    partnership, alice, client_for, held
):
    d = services.decision_create(
        actor=alice,
        partnership=partnership,
        text="Hire a project coordinator.",
        decided_on=DECIDED,
        decided_by="Dana Lee for the convener",
        meeting=held,
    )
    declare(
        partnership,
        alice,
        declared_by="Dana Lee",
        kind=InterestKind.PERSONAL,
        description="Her brother applies for the coordinator job.",
        declared_on=DECIDED + dt.timedelta(days=10),
    )
    declare(partnership, alice, declared_by="Ed Nobody", description="Not involved.")

    response = client_for(alice).get(decision_url(d))

    assert shown(response) == [("Dana Lee", "Her brother applies for the coordinator job.")]
    assert b"named among who decided" in response.content
    assert b"declared later, on" in response.content


def test_a_decision_of_a_one_on_one_shows_the_interests_of_the_people_in_it(
    partnership, alice, client_for, workspace, ceo
):
    touch = create(
        actor=alice,
        instance=Touch(
            workspace=workspace,
            partnership=partnership,
            occurred_on=DECIDED,
            method=Method.ONE_ON_ONE,
        ),
        m2m={"people": [ceo]},
    )
    d = services.decision_create(
        actor=alice,
        partnership=partnership,
        text="Share the turnover figures.",
        decided_on=DECIDED,
        touch=touch,
    )
    declare(partnership, alice, person=ceo, description="Chairs the hospital foundation.")

    response = client_for(alice).get(decision_url(d))

    assert shown(response) == [("Carla Ceo", "Chairs the hospital foundation.")]
    assert b"in the conversation" in response.content


def test_the_decision_log_and_the_meeting_page_show_them_too(
    partnership, alice, client_for, decision, held, college, django_assert_max_num_queries
):
    declare(partnership, alice, person=college, description="Sits on the college board.")
    client = client_for(alice)
    client.get(f"/p/{partnership.pk}/decisions/")

    with django_assert_max_num_queries(12):
        log = client.get(f"/p/{partnership.pk}/decisions/")
    page = client.get(held.get_absolute_url())

    assert [i.who for d in log.context["page"] for i in d.interests] == ["Dean Diaz"]
    assert "Declared interests:" in log.content.decode()
    assert [i.who for d in page.context["decisions"] for i in d.interests] == ["Dean Diaz"]
    assert "Declared interests of those deciding" in page.content.decode()


def test_without_declarations_the_log_says_nothing_of_interests(
    partnership, alice, client_for, decision
):
    response = client_for(alice).get(f"/p/{partnership.pk}/decisions/")
    assert [d.interests for d in response.context["page"]] == [[]]
    assert b"Declared interests" not in response.content


def test_a_partner_sees_on_the_pages_only_the_interests_shared_with_partners(
    partnership, alice, pat, client_for, decision, held, college, ceo
):
    declare(partnership, alice, person=college, description="Sits on the college board.")
    declare(
        partnership,
        alice,
        person=ceo,
        description="Owns a training company.",
        shared_with_partners=True,
    )
    client = client_for(pat)

    detail = client.get(decision_url(decision))
    log = client.get(f"/p/{partnership.pk}/decisions/")
    page = client.get(held.get_absolute_url())

    assert [i.who for i in detail.context["interests"]] == ["Carla Ceo"]
    assert b"Sits on the college board" not in detail.content
    assert [i.who for d in log.context["page"] for i in d.interests] == ["Carla Ceo"]
    assert [i.who for d in page.context["decisions"] for i in d.interests] == ["Carla Ceo"]
    assert b"Sits on the college board" not in page.content
