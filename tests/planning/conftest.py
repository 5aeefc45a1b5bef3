"""Planning fixtures on top of the shared actors (alice owner, sam staff, pat partner, vic
viewer, olga outsider): employers with people, issues, an open round."""

from __future__ import annotations

import pytest

from convenor.lib.challenges import Challenge
from convenor.planning import services
from tests.planning import factories


@pytest.fixture
def employers(partnership):
    return [
        factories.organisation(partnership, name)
        for name in ("Buckeye Precision", "Scioto Fabrication", "Olentangy Plastics")
    ]


@pytest.fixture
def college(partnership):
    return factories.organisation(partnership, "Columbus State", category="education")


@pytest.fixture
def pat_person(partnership, pat, employers):
    """Pat's own person record: she works for the first employer."""
    return factories.person(partnership, "Pat Partner", employers[0], user=pat)


@pytest.fixture
def issues(partnership, alice):
    return [
        services.issue_create(actor=alice, partnership=partnership, title=title, challenge=code)
        for title, code in (
            ("No qualified CNC applicants", Challenge.SKILLS_GAP),
            ("Entry-level turnover in the first 90 days", Challenge.ENTRY_LEVEL),
            ("Retiring maintenance technicians", Challenge.RETIREMENT),
        )
    ]


@pytest.fixture
def open_round(partnership, alice, issues):
    return services.round_open(actor=alice, partnership=partnership, title="Kick-off priorities")


def ratings(issues, *pairs):
    return {issue.pk: pair for issue, pair in zip(issues, pairs, strict=True)}
