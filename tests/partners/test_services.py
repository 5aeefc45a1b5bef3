from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from convenor.audit.models import AuditEntry
from convenor.lib.errors import StaleVersionError
from convenor.partners import services
from convenor.partners.models import (
    Category,
    MemberRole,
    Relationship,
    RelationshipKind,
    Stage,
    StageMove,
)
from convenor.workspaces.services import workspace_create


def test_an_organisation_of_category_other_needs_a_label(workspace, alice):
    with pytest.raises(ValidationError, match="what kind of organisation"):
        services.organisation_create(
            actor=alice, workspace=workspace, name="COTA", category=Category.OTHER
        )


def test_an_industry_belongs_to_employers_associations_and_unions_only(workspace, alice):
    with pytest.raises(ValidationError, match="employers, associations and unions only"):
        services.organisation_create(
            actor=alice,
            workspace=workspace,
            name="College",
            category=Category.EDUCATION,
            naics_code="611210",
        )
    union = services.organisation_create(
        actor=alice,
        workspace=workspace,
        name="Local 55",
        category=Category.LABOR,
        naics_code="3327",
    )
    assert (
        union.naics_title == "Machine Shops; Turned Product; and Screw, Nut, and Bolt Manufacturing"
    )


def test_a_naics_code_that_does_not_exist_is_refused_naming_it(workspace, alice):
    with pytest.raises(ValidationError, match="NAICS 334999 does not exist"):
        services.organisation_create(
            actor=alice,
            workspace=workspace,
            name="Acme",
            category=Category.EMPLOYER,
            naics_code="334999",
        )


def test_employees_that_contradict_the_size_band_are_refused(workspace, alice):
    with pytest.raises(ValidationError, match="1,200 employees is 1,000 or more"):
        services.organisation_create(
            actor=alice,
            workspace=workspace,
            name="Acme",
            category=Category.EMPLOYER,
            size_band="50-249",
            employees=1200,
        )


def test_a_person_cannot_work_for_an_organisation_of_another_workspace(alice, acme, olga):
    other = workspace_create(actor=alice, name="Second Board")
    with pytest.raises(ValidationError, match="another workspace"):
        services.person_create(actor=alice, workspace=other, name="Ada", organisation=acme)


def test_a_member_added_by_person_speaks_for_their_organisation(alice, partnership, ada, acme):
    member = services.member_add(actor=alice, partnership=partnership, person=ada)
    assert member.organisation == acme
    assert member.role == MemberRole.EMPLOYER_PARTNER  # suggested from the category
    assert member.stage == Stage.IDENTIFIED


def test_adding_a_member_records_the_first_stage_as_a_move(alice, partnership, ada):
    member = services.member_add(
        actor=alice, partnership=partnership, person=ada, stage=Stage.CONTACTED
    )
    move = StageMove.objects.get(member=member)
    assert (move.from_stage, move.to_stage, move.moved_on) == (
        "",
        Stage.CONTACTED,
        timezone.localdate(),
    )


def test_a_person_is_a_member_of_a_partnership_once(alice, partnership, ada, ada_member):
    with pytest.raises(ValidationError, match="already a member"):
        services.member_add(actor=alice, partnership=partnership, person=ada)


def test_every_move_is_dated_and_kept(alice, partnership, ada):
    member = services.member_add(
        actor=alice,
        partnership=partnership,
        person=ada,
        stage=Stage.COMMITTED,
        on=dt.date(2026, 1, 5),
    )
    member = services.member_move(
        actor=alice,
        member=member,
        stage=Stage.ACTIVE,
        expected_version=member.version,
        on=dt.date(2026, 3, 2),
        note="joined the advisory group",
    )
    member = services.member_move(
        actor=alice, member=member, stage=Stage.LAPSED, expected_version=member.version
    )
    history = list(member.moves.order_by("id").values_list("from_stage", "to_stage", "moved_on"))
    assert history == [
        ("", Stage.COMMITTED, dt.date(2026, 1, 5)),
        (Stage.COMMITTED, Stage.ACTIVE, dt.date(2026, 3, 2)),
        (Stage.ACTIVE, Stage.LAPSED, timezone.localdate()),
    ]
    assert member.stage == Stage.LAPSED


def test_a_move_on_a_stale_version_is_refused_and_says_who_moved(alice, sam, ada_member):
    services.member_move(
        actor=sam, member=ada_member, stage=Stage.ACTIVE, expected_version=ada_member.version
    )
    with pytest.raises(StaleVersionError, match=r"Sam Staff"):
        services.member_move(actor=alice, member=ada_member, stage=Stage.LAPSED, expected_version=1)
    assert ada_member.moves.count() == 2


def test_a_move_cannot_be_dated_before_the_previous_one(alice, partnership, ada):
    member = services.member_add(
        actor=alice, partnership=partnership, person=ada, on=dt.date(2026, 2, 1)
    )
    with pytest.raises(ValidationError, match="previous move is dated 2026-02-01"):
        services.member_move(
            actor=alice,
            member=member,
            stage=Stage.MET,
            expected_version=None,
            on=dt.date(2026, 1, 15),
        )


def test_a_move_cannot_be_dated_in_the_future(alice, ada_member):
    with pytest.raises(ValidationError, match="future"):
        services.member_move(
            actor=alice,
            member=ada_member,
            stage=Stage.ACTIVE,
            expected_version=None,
            on=timezone.localdate() + dt.timedelta(days=1),
        )


def test_moving_to_the_same_stage_records_nothing(alice, ada_member):
    before = AuditEntry.objects.count()
    services.member_move(
        actor=alice, member=ada_member, stage=Stage.COMMITTED, expected_version=ada_member.version
    )
    assert AuditEntry.objects.count() == before
    assert ada_member.moves.count() == 1


def test_a_relationship_is_recorded_once(alice, workspace, ada, college, board_tie):
    with pytest.raises(ValidationError, match="already recorded"):
        services.relationship_create(
            actor=alice,
            workspace=workspace,
            kind=RelationshipKind.BOARD_MEMBER,
            source=ada,
            target=college,
        )


def test_knows_links_two_people_not_an_organisation(alice, workspace, ada, college):
    with pytest.raises(ValidationError, match="'knows' points to person, not organisation"):
        services.relationship_create(
            actor=alice,
            workspace=workspace,
            kind=RelationshipKind.KNOWS,
            source=ada,
            target=college,
        )


def test_funded_by_links_two_organisations(alice, workspace, acme, college):
    tie = services.relationship_create(
        actor=alice,
        workspace=workspace,
        kind=RelationshipKind.FUNDED_BY,
        source=college,
        target=acme,
    )
    assert str(tie) == "Olentangy Community College funded by Acme Machining"
    assert Relationship.objects.count() == 1


def test_every_write_leaves_an_audit_entry(alice, workspace, ada_member):
    actions = set(
        AuditEntry.objects.filter(workspace=workspace).values_list("content_type__model", "action")
    )
    assert {
        ("organisation", "create"),
        ("person", "create"),
        ("partnershipmember", "create"),
        ("stagemove", "create"),
    } <= actions
