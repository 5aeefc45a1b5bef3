"""With a registry larger than the limit, person fields render the limit plus whoever is
chosen, say so, offer the search, and still accept anyone of the workspace."""

from __future__ import annotations

import re

from convenor.meetings.models import ActionItem, Meeting
from tests.meetings.factories import meeting, person
from tests.meetings.test_meeting_pages import form_data
from tests.people_picker.conftest import LIMIT

NOT_IN_REGISTRY = b"not in this workspace&#x27;s partners registry"


def rendered_people(html: str, name: str) -> set[str]:
    """The person ids the page renders for the field ``name`` (options or checkboxes)."""
    checkboxes = re.findall(rf'name="{name}" value="(\d+)"', html)
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    options = re.findall(r'<option value="(\d+)"', select.group(1)) if select else []
    return set(checkboxes) | set(options)


def test_the_meeting_form_renders_the_limit_and_says_how_many_of_how_many(
    small_limit, partnership, alice, client_for, crowd
):
    response = client_for(alice).get(f"/p/{partnership.pk}/meetings/new/?template=blank")
    html = response.content.decode()
    assert len(rendered_people(html, "invitees")) == LIMIT
    assert "Showing 5 of 30 people: search to find others." in html
    assert "Search the registry to add someone" in html


def test_the_form_lists_employers_first_when_bounded(
    small_limit, partnership, alice, client_for, crowd
):
    response = client_for(alice).get(f"/p/{partnership.pk}/meetings/new/?template=blank")
    shown = {int(pk) for pk in rendered_people(response.content.decode(), "invitees")}
    employers = {p.pk for p in crowd if p.organisation.name == "Acme Hospital"}
    assert shown <= employers


def test_the_meeting_edit_form_keeps_every_invitee_listed(
    small_limit, partnership, alice, client_for, crowd
):
    invited = crowd[20:28]  # more than the limit, and not among the first shown
    m = meeting(partnership, alice, days=7, invitees=invited)
    response = client_for(alice).get(f"/p/{partnership.pk}/meetings/{m.pk}/edit/")
    html = response.content.decode()
    shown = rendered_people(html, "invitees")
    assert {str(p.pk) for p in invited} <= shown
    assert len(shown) <= LIMIT + len(invited)
    ticked = re.findall(r'name="invitees" value="(\d+)"[^>]*checked', html)
    assert sorted(ticked) == sorted(str(p.pk) for p in invited)


def test_the_meeting_page_renders_at_most_the_limit_in_each_person_field(
    small_limit, partnership, alice, client_for, crowd
):
    m = meeting(partnership, alice, days=7, invitees=[crowd[29]])
    response = client_for(alice).get(f"/p/{partnership.pk}/meetings/{m.pk}/")
    html = response.content.decode()
    # The agenda-item owner and the action-item owner are both "owner" selects.
    selects = re.findall(r'<select name="(owner|walk_in)"[^>]*>(.*?)</select>', html, re.S)
    assert sorted(name for name, _ in selects) == ["owner", "owner", "walk_in"]
    for _, body in selects:
        assert len(re.findall(r'<option value="\d+"', body)) == LIMIT
    assert html.count("Showing 5 of 30 people") == 2  # the two owner fields
    assert "Showing 5 of 29 people" in html  # walk-in: everyone not yet on the list
    assert html.count("Search the registry to add someone") == 3


def test_an_invitee_who_was_not_rendered_is_saved(
    small_limit, partnership, alice, client_for, crowd
):
    client = client_for(alice)
    url = f"/p/{partnership.pk}/meetings/new/?template=blank"
    shown = rendered_people(client.get(url).content.decode(), "invitees")
    hidden = next(p for p in crowd if str(p.pk) not in shown)
    response = client.post(url, form_data(invitees=[hidden.pk]))
    assert response.status_code == 302
    invited = Meeting.objects.get().attendance.filter(invited=True)
    assert [a.person for a in invited] == [hidden]


def test_an_action_item_owner_who_was_not_rendered_is_saved(
    small_limit, partnership, alice, client_for, crowd
):
    client = client_for(alice)
    url = f"/p/{partnership.pk}/actions/new/"
    shown = rendered_people(client.get(url).content.decode(), "owner")
    assert len(shown) == LIMIT
    hidden = next(p for p in crowd if str(p.pk) not in shown)
    response = client.post(url, {"title": "Tour the plant", "owner": hidden.pk})
    assert response.status_code == 302
    assert ActionItem.objects.get().owner == hidden


def test_a_refused_post_renders_what_was_chosen(small_limit, partnership, alice, client_for, crowd):
    hidden = crowd[28]
    response = client_for(alice).post(
        f"/p/{partnership.pk}/meetings/new/?template=blank",
        form_data(objective="", invitees=[hidden.pk]),
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert re.search(rf'name="invitees" value="{hidden.pk}"[^>]*checked', html)


def test_a_person_of_another_workspace_is_still_refused(
    small_limit, partnership, alice, client_for, crowd, olga
):
    stranger = person(olga.memberships.get().workspace, "Sid Stranger")
    client = client_for(alice)
    response = client.post(
        f"/p/{partnership.pk}/meetings/new/?template=blank", form_data(invitees=[stranger.pk])
    )
    assert response.status_code == 422
    assert NOT_IN_REGISTRY in response.content
    assert stranger.name.encode() not in response.content
    response = client.post(
        f"/p/{partnership.pk}/actions/new/", {"title": "x", "owner": stranger.pk}
    )
    assert response.status_code == 422
    assert NOT_IN_REGISTRY in response.content
    assert not Meeting.objects.exists() and not ActionItem.objects.exists()


def test_a_registry_within_the_limit_renders_everyone_and_no_search(
    partnership, alice, client_for, crowd
):
    response = client_for(alice).get(f"/p/{partnership.pk}/meetings/new/?template=blank")
    html = response.content.decode()
    assert len(rendered_people(html, "invitees")) == 30
    assert "Showing" not in html and "Search the registry" not in html


def test_the_other_person_pickers_are_bounded_too(
    small_limit, partnership, alice, client_for, crowd
):
    client = client_for(alice)
    p = f"/p/{partnership.pk}"
    for url, name in [
        (f"{p}/input-links/", "person"),
        (f"{p}/plan/direction/edit/", "coordinator"),
        (f"{p}/plan/direction/roles/new/", "person"),
        (f"{p}/intermediary/interests/new/", "person"),
        (f"{p}/outreach/new/?q=Person", "people"),
        (f"{p}/partners/add/", "person"),
    ]:
        html = client.get(url).content.decode()
        assert len(rendered_people(html, name)) == LIMIT, url
        assert "Showing 5 of 30 people" in html, url


def test_the_paper_ballot_form_bounds_its_people_and_accepts_anyone(
    small_limit, partnership, crowd
):
    from convenor.planning.issues.forms import PaperBallotPersonForm

    form = PaperBallotPersonForm(partnership=partnership)
    assert len([v for v, _ in form.fields["person"].widget.choices if v]) == LIMIT
    posted = PaperBallotPersonForm({"person": crowd[29].pk}, partnership=partnership)
    assert posted.is_valid(), posted.errors
    assert posted.cleaned_data["person"] == crowd[29]


def test_the_touch_form_of_a_partnership_without_members_lists_nobody_but_searches(
    small_limit, partnership, alice, client_for, crowd
):
    response = client_for(alice).get(f"/p/{partnership.pk}/outreach/new/")
    assert response.status_code == 200
    html = response.content.decode()
    assert rendered_people(html, "people") == set()
    assert "Showing 0 of 30 people: search to find others." in html
    assert "Search the registry to add someone" in html
