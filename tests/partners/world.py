"""Partner registry objects (workspace-wide) and a member of each partnership.

The member of the shared partnership is at the table, so the partner-role user
sees it; the one of the unshared partnership is still being contacted.
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from convenor.partners import imports, services
from convenor.partners.models import Category, MemberRole, RelationshipKind, Stage

ORDER = 20


def build_workspace(world) -> None:
    owner = world.owner
    employer = services.organisation_create(
        actor=owner,
        workspace=world.workspace,
        name="World Precision Machining",
        category=Category.EMPLOYER,
        naics_code="332710",
    )
    college = services.organisation_create(
        actor=owner,
        workspace=world.workspace,
        name="World Community College",
        category=Category.EDUCATION,
        education_type="college",
    )
    person = services.person_create(
        actor=owner,
        workspace=world.workspace,
        name="Wendy World",
        organisation=employer,
        email="wendy@precision.example",
        is_decision_maker=True,
    )
    tie = services.relationship_create(
        actor=owner,
        workspace=world.workspace,
        kind=RelationshipKind.BOARD_MEMBER,
        source=person,
        target=college,
    )
    # pat's own record: she works for an employer, whose projections she may enter.
    pats_employer = services.organisation_create(
        actor=owner,
        workspace=world.workspace,
        name="World Partner Fabrication",
        category=Category.EMPLOYER,
    )
    pats = services.person_create(
        actor=owner,
        workspace=world.workspace,
        name="World Partner",
        organisation=pats_employer,
        email="pat@world.example",
    )
    # Linked as the person page links it (never written as data).
    pats = services.person_link_account(actor=owner, person=pats, user=world.pat)
    batch = imports.import_upload(
        actor=owner,
        workspace=world.workspace,
        upload=SimpleUploadedFile(
            "contacts.csv", b"Name,E-mail,Company\nAda World,ada@world.example,World Works\n"
        ),
    )
    world.kwargs.update(
        organisation_id=employer.pk,
        person_id=person.pk,
        relationship_id=tie.pk,
        import_id=batch.pk,
    )
    world.objects.update(
        organisation=employer,
        college=college,
        person=person,
        pat_person=pats,
        pat_organisation=pats_employer,
        import_batch=batch,
    )


def build(world, partnership) -> None:
    shared = partnership == world.shared_partnership
    member = services.member_add(
        actor=world.owner,
        partnership=partnership,
        person=world.objects["person"],
        role=MemberRole.CHAMPION,
        stage=Stage.COMMITTED if shared else Stage.CONTACTED,
    )
    world.kwargs_for(partnership)["member_id"] = member.pk
    world.objects_for(partnership)["member"] = member
