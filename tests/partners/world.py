"""Partner registry objects for the route-walking tenancy test (in the unshared partnership)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from convenor.partners import imports, services
from convenor.partners.models import Category, MemberRole, RelationshipKind, Stage

ORDER = 20


def build(world) -> None:
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
    member = services.member_add(
        actor=owner,
        partnership=world.partnership,
        person=person,
        role=MemberRole.CHAMPION,
        stage=Stage.CONTACTED,
    )
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
        member_id=member.pk,
        import_id=batch.pk,
    )
    world.objects.update(
        organisation=employer, college=college, person=person, member=member, import_batch=batch
    )
