"""Input without an account: a signed, expiring, revocable link per person to rate a
round's issues, enter hiring projections, or answer the pulse question; each use in
the audit trail; a tampered, expired or withdrawn link records nothing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from convenor.audit.models import AuditEntry
from convenor.comms import selectors, services
from convenor.comms.models import InputLink, PulseAnswer
from convenor.lib.challenges import Challenge
from convenor.meetings.models import Attendance
from convenor.planning.issues import selectors as issue_selectors
from convenor.planning.issues.services import issue_create, round_open
from convenor.planning.models import HiringProjection, Rating
from tests.meetings.factories import meeting as make_meeting

LINK = re.compile(r"https?://[^\s\"<>]+")


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


@pytest.fixture
def rnd(partnership, alice):
    a = issue_create(
        actor=alice,
        partnership=partnership,
        title="Entry-level pipeline",
        challenge=Challenge.ENTRY_LEVEL,
    )
    b = issue_create(
        actor=alice, partnership=partnership, title="Retirements", challenge=Challenge.RETIREMENT
    )
    return round_open(
        actor=alice, partnership=partnership, title="Spring priorities", issues=[a, b]
    )


def _ballot_link(partnership, alice, person, rnd, **kwargs):
    link = services.input_link_create(
        actor=alice, partnership=partnership, person=person, purpose="ballot", round=rnd, **kwargs
    )
    return _path(services.input_link_url(link)), link


def _ratings(rnd, value: str) -> dict[str, str]:
    data = {}
    for issue in rnd.issues.all():
        data[f"importance_{issue.pk}"] = value
        data[f"feasibility_{issue.pk}"] = value
    return data


def test_a_ballot_through_the_link_counts_like_a_signed_in_partners(
    client, partnership, alice, erin, rnd
):
    url, link = _ballot_link(partnership, alice, erin, rnd)
    page = client.get(url)
    assert page.status_code == 200 and b"Voting as <strong>Erin Employer</strong>" in page.content
    assert client.post(url, _ratings(rnd, "4")).status_code == 200
    ratings = Rating.objects.filter(round=rnd, person=erin)
    assert ratings.count() == 2 and all(r.is_employer for r in ratings)
    results = issue_selectors.round_results(rnd)
    assert results.participation["employer_voters"] == 1
    assert [row.voters for row in results.employers] == [1, 1]
    note = AuditEntry.objects.filter(object_id=str(link.pk), note__contains="rated").get().note
    assert "Erin Employer rated the issues of “Spring priorities”" in note


def test_a_ballot_missing_an_issue_is_refused_with_the_same_rule_and_records_nothing(
    client, partnership, alice, erin, rnd
):
    url, _ = _ballot_link(partnership, alice, erin, rnd)
    data = _ratings(rnd, "4")
    first = rnd.issues.order_by("pk").first()
    data[f"importance_{first.pk}"] = "9"
    response = client.post(url, data)
    assert response.status_code == 422
    assert "must be a whole number from 1 to 5" in response.content.decode()
    assert not Rating.objects.filter(round=rnd).exists()


def test_a_tampered_link_gets_a_plain_page_and_records_nothing(
    client, partnership, alice, erin, rnd
):
    url, _ = _ballot_link(partnership, alice, erin, rnd)
    before = AuditEntry.objects.count()
    response = client.post(url[:-4] + "zz/", _ratings(rnd, "4"))
    assert response.status_code == 400
    assert b"not valid" in response.content and b"Nothing was recorded" in response.content
    assert AuditEntry.objects.count() == before
    assert not Rating.objects.exists()


def test_an_expired_link_records_nothing(client, partnership, alice, erin, rnd):
    url, link = _ballot_link(partnership, alice, erin, rnd)
    InputLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = client.post(url, _ratings(rnd, "4"))
    assert response.status_code == 410 and b"expired" in response.content
    assert not Rating.objects.exists()


def test_a_withdrawn_link_records_nothing(client_for, client, partnership, alice, erin, rnd):
    url, link = _ballot_link(partnership, alice, erin, rnd)
    client_for(alice).post(f"/p/{partnership.pk}/input-links/{link.pk}/revoke/")
    response = client.post(url, _ratings(rnd, "4"))
    assert response.status_code == 410 and b"withdrawn" in response.content
    assert not Rating.objects.exists()


def test_the_link_is_e_mailed_when_asked(partnership, alice, erin, rnd):
    _, link = _ballot_link(partnership, alice, erin, rnd, send=True)
    (message,) = mail.outbox
    assert message.to == ["erin@acme.example"]
    # The token carries the second it was signed, so the test reads the link back out
    # of the message and checks it opens this person's link, in the text and the HTML.
    for part in (message.body, message.alternatives[0][0]):
        urls = [u for u in LINK.findall(part) if "/i/" in u]
        assert urls, part
        token = _path(urls[0]).split("/")[2]
        assert services.input_link_for_token(token) == link
    assert InputLink.objects.get(pk=link.pk).sent_at is not None


def test_projections_through_the_link_are_the_employers_own_under_the_disclosure_rule(
    client, partnership, alice, erin, acme
):
    link = services.input_link_create(
        actor=alice, partnership=partnership, person=erin, purpose="projections"
    )
    url = _path(services.input_link_url(link))
    response = client.post(
        url,
        {
            "occupation_title": "Welder",
            "soc_code": "51-4121",
            "openings_12m": "6",
            "openings_36m": "15",
            "skills": "AWS D1.1",
        },
    )
    assert response.status_code == 302
    row = HiringProjection.objects.get()
    assert row.organisation == acme and row.entered_by is None
    page = client.get(url).content.decode()
    assert "Welder" in page
    # One employer's figure is never shown pooled: the same rule as the demand page.
    pooled = page.split('id="pooled-demand"')[1]
    assert "Welder" in pooled and ">6<" not in pooled and ">15<" not in pooled


def test_a_projections_link_is_refused_for_someone_not_at_an_employer(partnership, alice, dean):
    with pytest.raises(ValidationError, match="not at an employer"):
        services.input_link_create(
            actor=alice, partnership=partnership, person=dean, purpose="projections"
        )


def test_bad_projections_are_refused_and_nothing_is_written(client, partnership, alice, erin):
    link = services.input_link_create(
        actor=alice, partnership=partnership, person=erin, purpose="projections"
    )
    response = client.post(
        _path(services.input_link_url(link)),
        {"occupation_title": "Welder", "openings_12m": "10", "openings_36m": "2"},
    )
    assert response.status_code == 422
    assert "cannot be fewer" in response.content.decode()
    assert not HiringProjection.objects.exists()


@pytest.fixture
def held(partnership, alice, erin, dean):
    m = make_meeting(partnership, alice, days=-2, invitees=[erin, dean])
    Attendance.objects.filter(meeting=m).update(attended=True)
    return m


def test_the_pulse_is_asked_after_a_meeting_and_answered_per_person(client, alice, held, erin):
    links = services.pulse_request(actor=alice, meeting=held)
    assert len(links) == 2 and len(mail.outbox) == 2
    message = next(m for m in mail.outbox if m.to == [erin.email])
    url = next(u for u in LINK.findall(message.body) if "/i/" in u)
    assert client.post(_path(url), {"score": "4", "comment": "Useful."}).status_code == 200
    assert client.post(_path(url), {"score": "5"}).status_code == 200  # changes it
    answer = PulseAnswer.objects.get()
    assert (answer.person, answer.score, answer.is_employer) == (erin, 5, True)
    assert AuditEntry.objects.filter(note__contains="answered the pulse question").count() == 2


def test_the_pulse_trend_is_per_meeting_with_the_employers_beside(
    partnership, alice, held, erin, dean
):
    for link in services.pulse_request(actor=alice, meeting=held):
        services.pulse_answer(link=link, score=5 if link.person == erin else 2)
    (point,) = selectors.pulse_trend(partnership)
    assert (point.answers, point.average, point.employers, point.employer_average) == (
        2,
        3.5,
        1,
        5.0,
    )


def test_a_pulse_answer_out_of_range_is_refused(client, alice, held, erin):
    link = services.pulse_request(actor=alice, meeting=held)[0]
    response = client.post(_path(services.input_link_url(link)), {"score": "9"})
    assert response.status_code == 422
    assert not PulseAnswer.objects.exists()


def test_the_pulse_is_not_asked_before_the_meeting(partnership, alice, erin):
    m = make_meeting(partnership, alice, invitees=[erin])
    with pytest.raises(ValidationError, match="not taken place"):
        services.pulse_request(actor=alice, meeting=m)
