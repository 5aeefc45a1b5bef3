"""Logging touches, the pipeline moves they cause, and the challenges they code."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from convenor.outreach import services
from convenor.outreach.models import Method, Touch, TouchChallenge
from convenor.partners.models import Stage

DAY = dt.date(2026, 1, 12)


def log(alice, partnership, **kw):
    defaults = {"occurred_on": DAY, "method": Method.ONE_ON_ONE}
    return services.touch_create(actor=alice, partnership=partnership, **{**defaults, **kw})


def test_a_touch_records_people_pain_and_challenges(alice, partnership, raj):
    touch = log(
        alice,
        partnership,
        people=[raj],
        purpose="Learn about hiring",
        heard="Cannot keep entry-level operators past 90 days.",
        pain_level=4,
        challenges=["entry_level", "support_transport", "entry_level"],
    )
    assert touch.challenges == ["entry_level", "support_transport"]
    assert list(touch.people.all()) == [raj]
    assert set(TouchChallenge.objects.values_list("challenge", flat=True)) == {
        "entry_level",
        "support_transport",
    }


def test_an_unknown_challenge_code_is_refused_with_its_name(alice, partnership, raj):
    with pytest.raises(ValidationError, match="Unknown challenge 'robots'"):
        log(alice, partnership, people=[raj], challenges=["robots"])
    assert not Touch.objects.exists()


def test_a_pain_level_outside_1_to_5_is_refused(alice, partnership, raj):
    with pytest.raises(ValidationError, match="less than or equal to 5"):
        log(alice, partnership, people=[raj], pain_level=6)


def test_a_follow_up_before_the_touch_is_refused(alice, partnership, raj):
    with pytest.raises(ValidationError, match="before the touch"):
        log(alice, partnership, people=[raj], follow_up_on=DAY - dt.timedelta(days=1))


def test_a_follow_up_date_alone_is_owned_by_whoever_logged_it(sam, partnership, raj):
    touch = log(sam, partnership, people=[raj], follow_up_on=DAY + dt.timedelta(days=7))
    assert touch.follow_up_owner == sam


def test_a_one_on_one_moves_the_people_met_to_met_one_on_one(alice, partnership, raj, raj_member):
    log(alice, partnership, people=[raj], advance_pipeline=True)
    raj_member.refresh_from_db()
    assert raj_member.stage == Stage.MET
    move = raj_member.moves.order_by("-id").first()
    assert (move.moved_on, move.note) == (DAY, "One-on-one conversation on 2026-01-12")


def test_a_call_moves_an_identified_partner_to_contacted(alice, partnership, raj, raj_member):
    log(alice, partnership, people=[raj], method=Method.CALL, advance_pipeline=True)
    raj_member.refresh_from_db()
    assert raj_member.stage == Stage.CONTACTED


def test_a_touch_never_moves_a_partner_backwards(alice, partnership, ada, ada_member):
    log(alice, partnership, people=[ada], method=Method.CALL, advance_pipeline=True)
    ada_member.refresh_from_db()
    assert ada_member.stage == Stage.COMMITTED


def test_a_company_tour_moves_the_organisation_member(
    alice, partnership, acme, ada, partnership_member_for_acme
):
    log(alice, partnership, organisations=[acme], method=Method.COMPANY_TOUR, advance_pipeline=True)
    partnership_member_for_acme.refresh_from_db()
    assert partnership_member_for_acme.stage == Stage.MET


@pytest.fixture
def partnership_member_for_acme(alice, partnership, acme):
    from convenor.partners.services import member_add

    return member_add(actor=alice, partnership=partnership, organisation=acme, on=DAY)


def test_changing_the_challenges_updates_the_counts_index(alice, partnership, raj):
    touch = log(alice, partnership, people=[raj], challenges=["turnover"])
    services.touch_update(
        actor=alice,
        touch=touch,
        changes={"challenges": ["skills_gap"]},
        expected_version=touch.version,
    )
    assert list(TouchChallenge.objects.values_list("challenge", flat=True)) == ["skills_gap"]


def test_people_of_another_workspace_cannot_be_touched(alice, partnership, olga):
    from convenor.partners.models import Person
    from convenor.workspaces.models import Workspace

    other = Workspace.objects.get(name="Other Board")
    stranger = Person.objects.create(workspace=other, name="Stranger")
    with pytest.raises(ValidationError, match="another workspace"):
        log(alice, partnership, people=[stranger])


def test_staff_log_a_touch_on_the_page(sam, partnership, raj, raj_member, client_for):
    response = client_for(sam).post(
        f"/p/{partnership.pk}/outreach/new/",
        {
            "occurred_on": "2026-01-12",
            "method": "one_on_one",
            "people": [raj.pk],
            "purpose": "Hiring needs",
            "pain_level": "5",
            "challenges": ["entry_level", "turnover"],
            "follow_up_on": "2026-01-20",
            "advance_pipeline": "on",
        },
    )
    assert response.status_code == 302
    touch = Touch.objects.get()
    assert (touch.pain_level, touch.challenges, touch.follow_up_owner) == (
        5,
        ["entry_level", "turnover"],
        sam,
    )
    raj_member.refresh_from_db()
    assert raj_member.stage == Stage.MET


def test_a_touch_with_nobody_is_refused_on_the_page(sam, partnership, client_for):
    response = client_for(sam).post(
        f"/p/{partnership.pk}/outreach/new/", {"occurred_on": "2026-01-12", "method": "call"}
    )
    assert response.status_code == 422
    assert b"Choose who you talked to" in response.content


def test_logging_a_touch_with_an_empty_registry_offers_to_add_people_in_place(
    sam, partnership, client_for
):
    """No dead end: the form adds a new person or organisation without leaving it."""
    client = client_for(sam)
    page = client.get(f"/p/{partnership.pk}/outreach/new/").content.decode()
    slug = partnership.workspace.slug
    for kind, target in (("person", "id_people"), ("organisation", "id_organisations")):
        url = f"/w/{slug}/partners/quick/{kind}/?for={target}"
        assert url in page
        form = client.get(url, headers={"HX-Request": "true"}).content.decode()
        assert f">Add {kind}</button>" in form


def test_the_outreach_log_filters_by_challenge(vic, alice, partnership, raj, ada, client_for):
    log(alice, partnership, people=[raj], challenges=["turnover"])
    log(alice, partnership, people=[ada], challenges=["skills_gap"])
    response = client_for(vic).get(f"/p/{partnership.pk}/outreach/", {"challenge": "turnover"})
    touches = list(response.context["page"].object_list)
    assert [list(t.people.all()) for t in touches] == [[raj]]


def test_a_partner_cannot_read_the_outreach_log(pat, partnership, client_for):
    assert client_for(pat).get(f"/p/{partnership.pk}/outreach/").status_code == 403


def test_editing_a_touch_on_a_stale_version_is_refused(sam, alice, partnership, raj, client_for):
    touch = log(alice, partnership, people=[raj], purpose="first")
    form = {
        "occurred_on": "2026-01-12",
        "method": "one_on_one",
        "people": [raj.pk],
        "version": touch.version,
    }
    client_for(alice).post(f"/p/{partnership.pk}/outreach/{touch.pk}/", {**form, "purpose": "a"})
    response = client_for(sam).post(
        f"/p/{partnership.pk}/outreach/{touch.pk}/", {**form, "purpose": "b"}
    )
    assert response.status_code == 409
    touch.refresh_from_db()
    assert touch.purpose == "a"
