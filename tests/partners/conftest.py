from __future__ import annotations

import datetime as dt

import pytest

from convenor.partners import services
from convenor.partners.models import Category, MemberRole, RelationshipKind, Stage


@pytest.fixture
def acme(workspace, alice):
    return services.organisation_create(
        actor=alice,
        workspace=workspace,
        name="Acme Machining",
        category=Category.EMPLOYER,
        naics_code="332710",
        county="Franklin",
    )


@pytest.fixture
def college(workspace, alice):
    return services.organisation_create(
        actor=alice,
        workspace=workspace,
        name="Olentangy Community College",
        category=Category.EDUCATION,
        education_type="college",
    )


@pytest.fixture
def ada(workspace, alice, acme):
    return services.person_create(
        actor=alice,
        workspace=workspace,
        name="Ada Lovelace",
        title="CEO",
        organisation=acme,
        email="ada@acme.example",
        phone="614-555-0100",
        is_decision_maker=True,
    )


@pytest.fixture
def dean(workspace, alice, college):
    return services.person_create(
        actor=alice, workspace=workspace, name="Lee Kim", title="Dean", organisation=college
    )


@pytest.fixture
def ada_member(alice, partnership, ada):
    return services.member_add(
        actor=alice,
        partnership=partnership,
        person=ada,
        role=MemberRole.CHAMPION,
        stage=Stage.COMMITTED,
        on=dt.date(2025, 11, 3),
    )


@pytest.fixture
def college_member(alice, partnership, college):
    return services.member_add(
        actor=alice,
        partnership=partnership,
        organisation=college,
        stage=Stage.IDENTIFIED,
        on=dt.date(2025, 12, 1),
    )


@pytest.fixture
def board_tie(workspace, alice, ada, college):
    return services.relationship_create(
        actor=alice,
        workspace=workspace,
        kind=RelationshipKind.BOARD_MEMBER,
        source=ada,
        target=college,
    )
