"""The tension register and the staff's readiness answers are the workspace team's: a
partner at the table (pat, on the shared partnership) sees only what the team shared
with partners, on the pages, in the API and in every figure computed from them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from convenor.assessment import services
from convenor.assessment.models import ReadinessAnswer, Tension

OPEN_SECRET = "Buckeye wants a fast-track for its own openings."
SHARED = "Who recruits new employers: the association and the board agreed to split the list."
ANSWER_SECRET = "Smaller shops are lukewarm; Linda may step back."
ANSWER_SHARED = "Twelve one-on-ones and two company tours."


def api(partnership, suffix: str) -> str:
    return f"/api/partnerships/{partnership.pk}/{suffix}"


@pytest.fixture
def tensions(partnership, alice) -> dict[str, Tension]:
    old = timezone.localdate() - dt.timedelta(days=90)
    return {
        "secret": services.tension_create(
            actor=alice, partnership=partnership, kind="mission", what=OPEN_SECRET, raised_on=old
        ),
        "shared": services.tension_create(
            actor=alice,
            partnership=partnership,
            kind="roles",
            what=SHARED,
            raised_on=old,
            shared_with_partners=True,
        ),
    }


@pytest.fixture
def answers(partnership, alice) -> dict[str, ReadinessAnswer]:
    return {
        "secret": services.readiness_answer_save(
            actor=alice,
            partnership=partnership,
            question="industry_support",
            status="no",
            answer=ANSWER_SECRET,
        ),
        "shared": services.readiness_answer_save(
            actor=alice,
            partnership=partnership,
            question="review_employers",
            status="yes",
            answer=ANSWER_SHARED,
            shared_with_partners=True,
        ),
    }


# --- Tensions -------------------------------------------------------------------------


def test_a_tension_is_the_teams_until_shared(partnership, alice, sam, client_for):
    tension = services.tension_create(
        actor=alice, partnership=partnership, what="x", raised_on=timezone.localdate()
    )
    assert tension.shared_with_partners is False
    created = client_for(sam).post(
        api(partnership, "tensions"),
        {"what": "Who pays", "raised_on": str(timezone.localdate())},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["shared_with_partners"] is False


def test_a_partner_reads_only_the_shared_tensions_on_the_register(
    partnership, pat, client_for, tensions
):
    page = client_for(pat).get(f"/p/{partnership.pk}/tensions/")
    assert page.status_code == 200
    assert SHARED.encode() in page.content
    assert OPEN_SECRET.encode() not in page.content


def test_the_team_reads_every_tension_and_whether_partners_see_it(
    partnership, sam, vic, client_for, tensions
):
    for user in (sam, vic):
        page = client_for(user).get(f"/p/{partnership.pk}/tensions/")
        assert SHARED.encode() in page.content and OPEN_SECRET.encode() in page.content
        assert b'data-shared="no"' in page.content and b'data-shared="yes"' in page.content


def test_the_api_lists_only_the_shared_tensions_to_a_partner(
    partnership, pat, sam, client_for, tensions
):
    theirs = client_for(pat).get(api(partnership, "tensions")).json()
    assert [t["what"] for t in theirs] == [SHARED]
    ours = client_for(sam).get(api(partnership, "tensions")).json()
    assert {t["what"]: t["shared_with_partners"] for t in ours} == {
        OPEN_SECRET: False,
        SHARED: True,
    }


def test_the_health_page_and_api_count_only_the_shared_tensions_for_a_partner(
    partnership, pat, sam, client_for, tensions
):
    page = client_for(pat).get(f"/p/{partnership.pk}/health/")
    assert OPEN_SECRET.encode() not in page.content and SHARED.encode() in page.content
    assert page.context["m"].open_tensions == 1
    assert client_for(pat).get(api(partnership, "health")).json()["metrics"]["open_tensions"] == 1
    assert client_for(sam).get(api(partnership, "health")).json()["metrics"]["open_tensions"] == 2
    staff_page = client_for(sam).get(f"/p/{partnership.pk}/health/")
    assert OPEN_SECRET.encode() in staff_page.content


def test_staff_share_a_tension_from_its_form_and_the_partner_then_sees_it(
    partnership, sam, pat, client_for, tensions
):
    secret = tensions["secret"]
    response = client_for(sam).post(
        f"/p/{partnership.pk}/tensions/{secret.pk}/",
        {
            "version": secret.version,
            "kind": secret.kind,
            "what": secret.what,
            "raised_on": str(secret.raised_on),
            "status": "open",
            "resolution": "",
            "reconciled_on": "",
            "shared_with_partners": "on",
        },
    )
    assert response.status_code == 302
    secret.refresh_from_db()
    assert secret.shared_with_partners
    assert OPEN_SECRET.encode() in client_for(pat).get(f"/p/{partnership.pk}/tensions/").content


def test_staff_unshare_a_tension_through_the_api(partnership, sam, pat, client_for, tensions):
    shared = tensions["shared"]
    response = client_for(sam).patch(
        api(partnership, f"tensions/{shared.pk}"),
        {"version": shared.version, "shared_with_partners": False},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["shared_with_partners"] is False
    assert client_for(pat).get(api(partnership, "tensions")).json() == []


def test_a_null_share_is_refused_with_a_message_on_the_field(
    partnership, sam, client_for, tensions
):
    shared = tensions["shared"]
    response = client_for(sam).patch(
        api(partnership, f"tensions/{shared.pk}"),
        {"version": shared.version, "shared_with_partners": None},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "shared_with_partners" in str(response.json())
    shared.refresh_from_db()
    assert shared.shared_with_partners


def test_a_partner_cannot_share_a_tension(partnership, pat, client_for, tensions):
    secret = tensions["secret"]
    response = client_for(pat).patch(
        api(partnership, f"tensions/{secret.pk}"),
        {"version": secret.version, "shared_with_partners": True},
        content_type="application/json",
    )
    assert response.status_code == 403
    secret.refresh_from_db()
    assert not secret.shared_with_partners


# --- Readiness answers ------------------------------------------------------------------


def test_a_partner_reads_only_the_shared_answers_on_the_readiness_page(
    partnership, pat, client_for, answers
):
    page = client_for(pat).get(f"/p/{partnership.pk}/readiness/")
    assert page.status_code == 200
    assert ANSWER_SHARED.encode() in page.content
    assert ANSWER_SECRET.encode() not in page.content
    assert b"No answer shared with partners." in page.content


def test_the_team_reads_every_answer_and_whether_partners_see_it(
    partnership, vic, client_for, answers
):
    page = client_for(vic).get(f"/p/{partnership.pk}/readiness/")
    assert ANSWER_SHARED.encode() in page.content and ANSWER_SECRET.encode() in page.content
    assert b"team only" in page.content and b"shared with partners" in page.content


def test_the_readiness_api_gives_a_partner_the_shared_answers_and_a_score_from_them(
    partnership, pat, sam, client_for, answers
):
    theirs = client_for(pat).get(api(partnership, "readiness")).json()
    by_key = {q["key"]: q["answer"] for q in theirs["questions"]}
    assert by_key["industry_support"] is None
    assert by_key["review_employers"]["answer"] == ANSWER_SHARED
    # The staff's "no" on industry support is theirs: it is not in the partner's score.
    assert not any("staff answered 'no'" in r for r in theirs["score"]["reasons"])
    ours = client_for(sam).get(api(partnership, "readiness")).json()
    assert {q["key"]: q["answer"] for q in ours["questions"]}["industry_support"]["answer"] == (
        ANSWER_SECRET
    )
    assert any("staff answered 'no'" in r for r in ours["score"]["reasons"])


def test_an_answer_is_the_teams_until_shared(partnership, sam, pat, client_for):
    put = client_for(sam).put(
        api(partnership, "readiness/challenge"),
        {"status": "partly", "answer": "Two problems keep coming up."},
        content_type="application/json",
    )
    assert put.status_code == 200 and put.json()["shared_with_partners"] is False
    theirs = client_for(pat).get(api(partnership, "readiness")).json()
    assert theirs["questions"][0]["answer"] is None


def test_staff_share_an_answer_from_its_form(partnership, sam, pat, client_for, answers):
    secret = answers["secret"]
    response = client_for(sam).post(
        f"/p/{partnership.pk}/readiness/industry_support/",
        {
            "version": secret.version,
            "status": "no",
            "answer": ANSWER_SECRET,
            "evidence": "",
            "shared_with_partners": "on",
        },
    )
    assert response.status_code == 302
    secret.refresh_from_db()
    assert secret.shared_with_partners
    assert ANSWER_SECRET.encode() in client_for(pat).get(f"/p/{partnership.pk}/readiness/").content


def test_a_partner_cannot_answer_or_share(partnership, pat, client_for, answers):
    response = client_for(pat).put(
        api(partnership, "readiness/industry_support"),
        {"status": "yes", "shared_with_partners": True},
        content_type="application/json",
    )
    assert response.status_code == 403
    answers["secret"].refresh_from_db()
    assert not answers["secret"].shared_with_partners
