"""A registry larger than the picker's limit: 30 people, a limit of 5."""

from __future__ import annotations

import pytest

from convenor.partners.models import Category
from tests.meetings.factories import org, person

LIMIT = 5


@pytest.fixture
def small_limit(settings):
    settings.PICKER_LIMIT = LIMIT


@pytest.fixture
def crowd(workspace):
    """30 people: Person 00..29, at Acme Hospital (employers) or at a college."""
    hospital = org(workspace, "Acme Hospital")
    college = org(workspace, "Riverside College", Category.EDUCATION)
    return [
        person(
            workspace,
            f"Person {i:02d}",
            organisation=hospital if i % 2 else college,
            email=f"p{i:02d}@crowd.example",
        )
        for i in range(30)
    ]
