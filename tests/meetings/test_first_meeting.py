"""The toolkit's sample first-meeting agenda, prefilled from the partnership's data."""

from __future__ import annotations

import datetime as dt

from convenor.meetings.first_meeting import first_meeting_draft
from convenor.meetings.models import Meeting
from convenor.outreach.models import Method
from convenor.outreach.services import touch_create
from convenor.partners.models import Category
from tests.meetings.factories import org, person


def touch(partnership, actor, people, challenges):
    return touch_create(
        actor=actor,
        partnership=partnership,
        occurred_on=dt.date.today(),
        method=Method.ONE_ON_ONE,
        people=people,
        challenges=challenges,
    )


def test_the_draft_follows_the_toolkit_sample_agenda_within_two_hours(partnership):
    draft = first_meeting_draft(partnership)
    assert [item.title for item in draft.agenda] == [
        "Welcome and introductions",
        "Getting up to speed",
        "Issue identification",
        "Prioritising issues by importance and feasibility",
        "Introduction to strategic planning",
        "Next steps and owners",
        "Next meeting",
    ]
    assert draft.agenda_minutes <= 120
    assert draft.agenda_minutes <= (draft.ends_at - draft.starts_at).total_seconds() / 60
    assert "Employers first" in draft.agenda[0].details
    assert draft.objective.startswith("Agree on the workforce issues health care")


def test_the_draft_names_the_target_industry(partnership):
    getting_up_to_speed = first_meeting_draft(partnership).agenda[1].details
    assert "Why Health Care and Social Assistance (NAICS 62)" in getting_up_to_speed
    assert "The sector partnership idea" in getting_up_to_speed


def test_the_draft_counts_distinct_employers_per_challenge(partnership, alice, workspace):
    hospital = org(workspace, "Riverside Hospital")
    nurse_manager = person(workspace, "Nia", organisation=hospital)
    hr = person(workspace, "Hal", organisation=hospital)
    clinic = person(workspace, "Cleo Clinic")
    college = person(workspace, "Dean", category=Category.EDUCATION)
    touch(partnership, alice, [nurse_manager], ["turnover", "skills_gap"])
    touch(partnership, alice, [hr], ["turnover"])  # same employer again
    touch(partnership, alice, [clinic], ["turnover"])
    touch(partnership, alice, [college], ["skills_gap"])  # not an employer
    draft = first_meeting_draft(partnership)
    heard = {h.code: (h.employers, h.touches) for h in draft.challenges}
    assert heard == {"turnover": (2, 3), "skills_gap": (1, 2)}


def test_the_draft_lists_the_challenges_heard_in_one_on_ones(partnership, alice, workspace):
    touch(partnership, alice, [person(workspace, "Ed")], ["retirement"])
    details = first_meeting_draft(partnership).agenda[1].details
    assert "- High retirement rates: 1 employer, 1 conversation" in details
    assert "(high retirement rates)" in first_meeting_draft(partnership).agenda[2].details


def test_without_touches_the_draft_says_what_to_bring(partnership):
    assert "no challenges are coded" in first_meeting_draft(partnership).agenda[1].details


def test_the_create_page_offers_the_template_for_the_first_meeting(partnership, alice, client_for):
    response = client_for(alice).get(f"/p/{partnership.pk}/meetings/new/")
    assert response.status_code == 200
    assert response.context["draft"] is not None
    assert b"The sample agenda" in response.content
    assert response.context["form"].initial["use_sample_agenda"] is True


def test_scheduling_from_the_template_creates_the_agenda_and_marks_the_kick_off(
    partnership, alice, client_for, ceo
):
    draft = first_meeting_draft(partnership)
    response = client_for(alice).post(
        f"/p/{partnership.pk}/meetings/new/",
        {
            "template": "first",
            "title": draft.title,
            "event_type": draft.event_type,
            "expectation": draft.expectation,
            "starts_at": "2027-03-02T08:00",
            "ends_at": "2027-03-02T10:00",
            "objective": draft.objective,
            "invitees": [ceo.pk],
            "use_sample_agenda": "on",
            "is_kickoff": "on",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.is_kickoff
    assert meeting.agenda_items.count() == 7
    assert sum(meeting.agenda_items.values_list("minutes", flat=True)) == draft.agenda_minutes


def test_the_template_does_not_fit_a_one_hour_meeting(partnership, alice, client_for):
    draft = first_meeting_draft(partnership)
    response = client_for(alice).post(
        f"/p/{partnership.pk}/meetings/new/",
        {
            "template": "first",
            "title": "Kick-off",
            "event_type": "partnership_meeting",
            "starts_at": "2027-03-02T08:00",
            "ends_at": "2027-03-02T09:00",
            "objective": draft.objective,
            "use_sample_agenda": "on",
        },
    )
    assert response.status_code == 422
    assert b"The agenda takes 115 minutes but the meeting lasts 60" in response.content
    assert not Meeting.objects.exists()


def test_the_saved_regional_analysis_explains_why_this_industry(partnership, alice):
    from convenor.regions.models import AnalysisSnapshot

    AnalysisSnapshot.objects.create(
        workspace_id=partnership.workspace_id,
        partnership=partnership,
        region_name="Franklin County, OH",
        area_codes="39049",
        inputs={"year": 2024},
        industry_code="62",
        industry_title="Health Care and Social Assistance",
        row={"employment": 152340, "establishments": 4120, "lq": 1.18},
        note="Employers raised nursing assistant turnover in every one-on-one.",
        created_by=alice,
    )
    details = first_meeting_draft(partnership).agenda[1].details
    assert (
        "Why Health Care and Social Assistance (NAICS 62): Health Care and Social Assistance "
        "in Franklin County, OH (2024): 152,340 jobs, 4,120 establishments, location quotient "
        "1.18. Employers raised nursing assistant turnover in every one-on-one."
    ) in details
