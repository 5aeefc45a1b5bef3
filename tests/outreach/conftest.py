from __future__ import annotations

import datetime as dt

import pytest

from convenor.partners import services as partners
from convenor.partners.models import Category, MemberRole, Stage
from tests.partners.conftest import (  # noqa: F401 - shared fixtures
    acme,
    ada,
    ada_member,
    board_tie,
    college,
    college_member,
    dean,
)


@pytest.fixture
def beta(workspace, alice):
    return partners.organisation_create(
        actor=alice, workspace=workspace, name="Beta Plastics", category=Category.EMPLOYER
    )


@pytest.fixture
def raj(workspace, alice, beta):
    return partners.person_create(
        actor=alice, workspace=workspace, name="Raj Patel", title="HR director", organisation=beta
    )


@pytest.fixture
def raj_member(alice, partnership, raj):
    return partners.member_add(
        actor=alice,
        partnership=partnership,
        person=raj,
        role=MemberRole.EMPLOYER_PARTNER,
        stage=Stage.IDENTIFIED,
        on=dt.date(2025, 10, 1),
    )
