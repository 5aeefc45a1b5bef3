"""The declared interests of those deciding, in the decision API and the CSV export.

They are the ones the decision pages show (``selectors.with_interests``): the API
gives each as a record, the CSV one summary cell per decision. Partner-role
members see, in the partnerships shared with them, the interests the convener
shared with partners, exactly as the intermediaries pages and API show them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from convenor.audit.services import create
from convenor.intermediaries import services as intermediaries
from convenor.intermediaries.models import InterestKind
from convenor.meetings import services
from convenor.outreach.models import Method, Touch
from convenor.partners.models import Category
from convenor.partnerships.services import partnership_create
from tests.meetings.factories import meeting, org

DECIDED = dt.date(2026, 3, 2)
DEAN_BOARD = "Sits on the board of Columbus State, which bids for the contract."


def declare(partnership, alice, **fields):
    fields.setdefault("kind", InterestKind.BOARD)
    fields.setdefault("declared_on", dt.date(2026, 1, 5))
    return intermediaries.interest_create(actor=alice, partnership=partnership, **fields)


def decide(partnership, alice, text="Hire a project coordinator.", **fields):
    fields.setdefault("decided_on", DECIDED)
    return services.decision_create(actor=alice, partnership=partnership, text=text, **fields)


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
    return decide(
        partnership,
        alice,
        text="Ask Columbus State for a bid on the training contract.",
        decided_by="Employer partners by consensus",
        meeting=held,
    )


@pytest.fixture
def deans_board_seat(partnership, alice, college, board, columbus):
    """Dean (who came) sits on the college's board; Bea (who stayed away) declared one too."""
    declare(partnership, alice, person=board, description="Bea's interest, she stayed away.")
    return declare(
        partnership, alice, person=college, organisation=columbus, description=DEAN_BOARD
    )


def api_list(client, partnership, **query):
    response = client.get(f"/api/partnerships/{partnership.pk}/decisions", query)
    assert response.status_code == 200, response.content
    return response.json()["items"]


def csv_rows(client, partnership, **query):
    response = client.get(f"/p/{partnership.pk}/decisions.csv", query)
    assert response.status_code == 200, response.content
    return list(csv.DictReader(io.StringIO(response.content.decode())))


# --- the API ---------------------------------------------------------------------------------


def test_the_api_gives_the_interests_of_those_who_attended_with_their_record(
    client_for, vic, decision, deans_board_seat, college, columbus
):
    response = client_for(vic).get(f"/api/decisions/{decision.pk}")

    assert response.status_code == 200
    assert response.json()["interests"] == [
        {
            "interest_id": deans_board_seat.pk,
            "person": "Dean Diaz",
            "person_id": college.pk,
            "organisation": "Columbus State",
            "organisation_id": columbus.pk,
            "kind": "board",
            "kind_label": "Board or committee seat",
            "description": DEAN_BOARD,
            "declared_on": "2026-01-05",
            "ended_on": None,
            "because": "attended the meeting",
            "declared_after_decision": False,
            "organisation_named_in_decision": True,
        }
    ]


def test_the_api_marks_an_interest_declared_after_the_decision_by_someone_named_in_it(
    partnership, alice, client_for, held
):
    d = decide(partnership, alice, decided_by="Dana Lee for the convener", meeting=held)
    declare(
        partnership,
        alice,
        declared_by="Dana Lee",
        kind=InterestKind.PERSONAL,
        description="Her brother applies for the coordinator job.",
        declared_on=DECIDED + dt.timedelta(days=10),
    )

    (interest,) = client_for(alice).get(f"/api/decisions/{d.pk}").json()["interests"]

    assert (interest["person"], interest["person_id"], interest["organisation"]) == (
        "Dana Lee",
        None,
        "",
    )
    assert interest["because"] == "named among who decided"
    assert interest["declared_after_decision"] is True
    assert interest["organisation_named_in_decision"] is False


def test_the_api_leaves_out_an_interest_that_ended_before_the_decision(
    partnership, alice, client_for, decision, ceo
):
    declare(
        partnership,
        alice,
        person=ceo,
        description="Was paid by the college as an adviser.",
        ended_on=DECIDED,
    )

    assert client_for(alice).get(f"/api/decisions/{decision.pk}").json()["interests"] == []


def test_the_api_log_gives_the_same_interests_as_the_decision_log_page(
    partnership, alice, client_for, decision, deans_board_seat, ceo, workspace
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
    decide(partnership, alice, text="Share the turnover figures.", touch=touch)
    declare(partnership, alice, person=ceo, description="Chairs the hospital foundation.")
    client = client_for(alice)

    page = client.get(f"/p/{partnership.pk}/decisions/").context["page"]
    items = api_list(client, partnership)

    on_page = {d.pk: [(i.who, i.description, i.because) for i in d.interests] for d in page}
    in_api = {
        d["id"]: [(i["person"], i["description"], i["because"]) for i in d["interests"]]
        for d in items
    }
    assert in_api == on_page
    assert in_api[decision.pk] == [
        ("Dean Diaz", DEAN_BOARD, "attended the meeting"),
        ("Carla Ceo", "Chairs the hospital foundation.", "attended the meeting"),
    ]


def test_a_decision_recorded_through_the_api_comes_back_with_the_interests(
    partnership, alice, client_for, held, deans_board_seat
):
    response = client_for(alice).post(
        f"/api/partnerships/{partnership.pk}/decisions",
        {
            "text": "Columbus State runs the pilot.",
            "decided_on": "2026-03-02",
            "meeting_id": held.pk,
        },
        content_type="application/json",
    )

    assert response.status_code == 201
    assert [i["person"] for i in response.json()["interests"]] == ["Dean Diaz"]


def test_without_declarations_the_api_gives_an_empty_list(partnership, alice, client_for, decision):
    assert [d["interests"] for d in api_list(client_for(alice), partnership)] == [[]]


def many_decisions(partnership, alice, workspace, people, count):
    """``count`` decisions, alternating between held meetings and one-on-ones."""
    for n in range(count):
        if n % 2:
            touch = create(
                actor=alice,
                instance=Touch(
                    workspace=workspace,
                    partnership=partnership,
                    occurred_on=DECIDED,
                    method=Method.ONE_ON_ONE,
                ),
                m2m={"people": people[:1]},
            )
            decide(partnership, alice, text=f"Decision {n}", touch=touch)
        else:
            m = meeting(partnership, alice, days=-3 - n, invitees=people)
            decide(partnership, alice, text=f"Decision {n}", meeting=m, decided_by="Dana Lee")


def test_the_api_log_reads_interests_in_the_same_few_queries_for_any_number_of_decisions(
    partnership, alice, client_for, workspace, ceo, college, django_assert_max_num_queries
):
    declare(partnership, alice, person=ceo, description="Chairs the hospital foundation.")
    declare(partnership, alice, person=college, description="Sits on the college board.")
    declare(partnership, alice, declared_by="Dana Lee", description="Staff; her brother applies.")
    client = client_for(alice)
    many_decisions(partnership, alice, workspace, [ceo, college], 2)
    api_list(client, partnership)
    with CaptureQueriesContext(connection) as few:
        api_list(client, partnership)
    many_decisions(partnership, alice, workspace, [ceo, college], 10)

    with django_assert_max_num_queries(13):
        items = api_list(client, partnership)

    assert len(items) == 12
    assert all(d["interests"] for d in items)
    with CaptureQueriesContext(connection) as many:
        api_list(client, partnership)
    assert len(many.captured_queries) == len(few.captured_queries)


# --- the CSV export --------------------------------------------------------------------------


def test_the_csv_summarises_the_interests_of_each_decision_in_one_column(
    partnership, alice, client_for, decision, deans_board_seat, ceo, held
):
    declare(
        partnership,
        alice,
        person=ceo,
        kind=InterestKind.FINANCIAL,
        description="Her hospital buys the training.",
        declared_on=DECIDED + dt.timedelta(days=1),
    )
    decide(partnership, alice, text="Meet again in May.", decided_on=dt.date(2026, 1, 2))

    rows = {r["text"]: r for r in csv_rows(client_for(alice), partnership)}

    assert rows["Ask Columbus State for a bid on the training contract."]["declared_interests"] == (
        "Dean Diaz: Board or committee seat, Columbus State "
        "(declared 2026-01-05; the decision names Columbus State). " + DEAN_BOARD + " | "
        "Carla Ceo: Financial: contracts, funding, tuition or placement revenue "
        "(declared 2026-03-03; after the decision). Her hospital buys the training."
    )
    assert rows["Meet again in May."]["declared_interests"] == ""


def test_the_csv_leaves_out_interests_that_ended_before_the_decision(
    partnership, alice, client_for, decision, ceo
):
    declare(partnership, alice, person=ceo, description="Former adviser.", ended_on=DECIDED)

    (row,) = csv_rows(client_for(alice), partnership)

    assert row["declared_interests"] == ""


def test_an_interest_cell_that_would_run_as_a_formula_is_exported_as_text(
    partnership, alice, client_for, held
):
    decide(partnership, alice, decided_by="=HYPERLINK(1) and the convener", meeting=held)
    declare(partnership, alice, declared_by="=HYPERLINK(1)", description="Named by a formula.")

    (row,) = csv_rows(client_for(alice), partnership)

    assert row["declared_interests"].startswith("'=HYPERLINK(1): Board or committee seat")


def test_the_csv_keeps_the_filter_and_its_interests(
    partnership, alice, client_for, decision, deans_board_seat, held
):
    decide(partnership, alice, text="Invite the mayor.", meeting=held)

    rows = csv_rows(client_for(alice), partnership, q="mayor")

    assert [(r["text"], r["declared_interests"][:10]) for r in rows] == [
        ("Invite the mayor.", "Dean Diaz:")
    ]


def test_the_csv_reads_interests_in_a_bounded_number_of_queries(
    partnership, alice, client_for, workspace, ceo, college, django_assert_max_num_queries
):
    declare(partnership, alice, person=ceo, description="Chairs the hospital foundation.")
    declare(partnership, alice, declared_by="Dana Lee", description="Staff; her brother applies.")
    client = client_for(alice)
    many_decisions(partnership, alice, workspace, [ceo, college], 2)
    csv_rows(client, partnership)
    with CaptureQueriesContext(connection) as few:
        csv_rows(client, partnership)
    many_decisions(partnership, alice, workspace, [ceo, college], 20)

    with django_assert_max_num_queries(11):
        rows = csv_rows(client, partnership)

    assert len(rows) == 22
    assert all(r["declared_interests"] for r in rows)
    with CaptureQueriesContext(connection) as many:
        csv_rows(client, partnership)
    assert len(many.captured_queries) == len(few.captured_queries)


# --- who sees them ---------------------------------------------------------------------------


def test_a_partner_does_not_see_an_interest_the_convener_has_not_shared(
    partnership, client_for, pat, decision, deans_board_seat
):
    client = client_for(pat)

    declared = client.get(f"/api/partnerships/{partnership.pk}/interests")
    (item,) = api_list(client, partnership)
    detail = client.get(f"/api/decisions/{decision.pk}").json()
    (row,) = csv_rows(client, partnership)

    assert DEAN_BOARD not in [i["description"] for i in declared.json()]  # as intermediaries
    assert item["interests"] == []
    assert detail["interests"] == []
    assert row["declared_interests"] == ""


def test_a_partner_sees_an_interest_shared_with_partners_as_intermediaries_shows_it(
    partnership, alice, client_for, pat, decision, deans_board_seat
):
    intermediaries.interest_update(
        actor=alice,
        interest=deans_board_seat,
        changes={"shared_with_partners": True},
        expected_version=deans_board_seat.version,
    )
    client = client_for(pat)

    declared = client.get(f"/api/partnerships/{partnership.pk}/interests")
    (item,) = api_list(client, partnership)
    detail = client.get(f"/api/decisions/{decision.pk}").json()
    (row,) = csv_rows(client, partnership)

    assert DEAN_BOARD in [i["description"] for i in declared.json()]
    assert [i["description"] for i in item["interests"]] == [DEAN_BOARD]
    assert [i["description"] for i in detail["interests"]] == [DEAN_BOARD]
    assert DEAN_BOARD in row["declared_interests"]


def test_a_partner_gets_nothing_of_a_partnership_not_shared_with_her(
    workspace, alice, client_for, pat, college, columbus
):
    private = partnership_create(
        actor=alice,
        workspace=workspace,
        name="Advanced Manufacturing Council",
        industry_naics="31-33",
        industry_title="Manufacturing",
        region="Franklin County, OH",
    )
    m = meeting(private, alice, days=-3, invitees=[college])
    d = decide(private, alice, text="Columbus State trains welders.", meeting=m)
    declare(private, alice, person=college, organisation=columbus, description=DEAN_BOARD)
    client = client_for(pat)

    assert client.get(f"/api/partnerships/{private.pk}/decisions").status_code == 404
    assert client.get(f"/api/decisions/{d.pk}").status_code == 404
    assert client.get(f"/p/{private.pk}/decisions.csv").status_code == 404
    assert DEAN_BOARD.encode() not in client.get(f"/api/decisions/{d.pk}").content


def test_an_outsider_gets_nothing_of_the_interests(
    partnership, client_for, olga, decision, deans_board_seat
):
    client = client_for(olga)

    assert client.get(f"/api/decisions/{decision.pk}").status_code == 404
    assert client.get(f"/api/partnerships/{partnership.pk}/decisions").status_code == 404
    assert client.get(f"/p/{partnership.pk}/decisions.csv").status_code == 404


# --- the OpenAPI schema ----------------------------------------------------------------------


def test_the_openapi_schema_documents_the_interests_of_a_decision(db):
    from convenor.api import api

    openapi = api.get_openapi_schema()
    schemas = openapi["components"]["schemas"]
    one = openapi["paths"]["/api/decisions/{decision_id}"]["get"]["responses"][200]
    log = openapi["paths"]["/api/partnerships/{partnership_id}/decisions"]["get"]["responses"][200]
    interests = schemas["DecisionLogOut"]["properties"]["interests"]
    record = schemas["DecisionInterestOut"]

    assert one["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/DecisionLogOut"
    }
    assert log["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PagedDecisionLogOut"
    }
    assert interests["items"] == {"$ref": "#/components/schemas/DecisionInterestOut"}
    assert "conflicts of interest" in interests["description"]
    assert {
        "person",
        "person_id",
        "organisation",
        "kind",
        "kind_label",
        "description",
        "declared_on",
        "declared_after_decision",
        "organisation_named_in_decision",
    } <= set(record["required"])
    assert "after the decision" in record["properties"]["declared_after_decision"]["description"]
    assert (
        "names the organisation"
        in (record["properties"]["organisation_named_in_decision"]["description"])
    )
