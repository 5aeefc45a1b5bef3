"""Fixtures for the meetings tests: people of the registry and a scheduled meeting."""

from __future__ import annotations

import pytest

from convenor.partners.models import AuthorityLevel, Category
from tests.meetings.factories import meeting, person


@pytest.fixture
def ceo(workspace):
    return person(workspace, "Carla Ceo", authority_level=AuthorityLevel.CEO)


@pytest.fixture
def hr(workspace):
    return person(workspace, "Hugo Hr", authority_level=AuthorityLevel.HR_DIRECTOR)


@pytest.fixture
def official(workspace):
    return person(workspace, "Mayor Mendez", category=Category.ELECTED)


@pytest.fixture
def college(workspace):
    return person(workspace, "Dean Diaz", category=Category.EDUCATION)


@pytest.fixture
def board(workspace):
    return person(workspace, "Bea Board", category=Category.WORKFORCE_SYSTEM)


@pytest.fixture
def stranger(olga):
    """A person of the outsider's workspace."""
    return person(olga.memberships.get().workspace, "Sid Stranger")


@pytest.fixture
def upcoming(partnership, alice, ceo, college):
    return meeting(partnership, alice, days=7, invitees=[ceo, college])
