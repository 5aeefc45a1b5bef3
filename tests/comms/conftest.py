"""Partners of the partnership for the communications tests: two employers, a college,
an elected official; one without an e-mail address."""

from __future__ import annotations

import pytest

from convenor.partners.models import MemberRole, Stage
from convenor.partners.services import member_add
from tests.meetings.factories import org, person


@pytest.fixture
def acme(workspace):
    return org(workspace, "Acme Metals")


@pytest.fixture
def erin(workspace, partnership, alice, acme):
    p = person(workspace, "Erin Employer", organisation=acme, email="erin@acme.example")
    member_add(
        actor=alice,
        partnership=partnership,
        person=p,
        role=MemberRole.EMPLOYER_PARTNER,
        stage=Stage.ACTIVE,
    )
    return p


@pytest.fixture
def ed(workspace, partnership, alice):
    p = person(workspace, "Ed Employer", email="ed@beta.example")
    member_add(
        actor=alice,
        partnership=partnership,
        person=p,
        role=MemberRole.EMPLOYER_PARTNER,
        stage=Stage.COMMITTED,
    )
    return p


@pytest.fixture
def nora(workspace, partnership, alice):
    """An employer partner without an e-mail address."""
    p = person(workspace, "Nora Noemail", email="")
    member_add(
        actor=alice,
        partnership=partnership,
        person=p,
        role=MemberRole.EMPLOYER_PARTNER,
        stage=Stage.ACTIVE,
    )
    return p


@pytest.fixture
def dean(workspace, partnership, alice):
    from convenor.partners.models import Category

    p = person(workspace, "Dean College", category=Category.EDUCATION, email="dean@college.example")
    member_add(
        actor=alice,
        partnership=partnership,
        person=p,
        role=MemberRole.PUBLIC_PARTNER,
        stage=Stage.ACTIVE,
    )
    return p
