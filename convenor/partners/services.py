"""Writes for the partner registry, memberships, pipeline moves and relationships.

Every write goes through ``convenor.audit.services`` (audit entry, version check).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from convenor.audit import services as audit
from convenor.partners import hooks
from convenor.partners.models import (
    RELATIONSHIP_ENDS,
    Category,
    MemberRole,
    Organisation,
    PartnershipMember,
    Person,
    Relationship,
    RelationshipKind,
    SizeBand,
    Stage,
    StageMove,
)
from convenor.partnerships.models import Partnership
from convenor.workspaces.models import Workspace

ORGANISATION_FIELDS = (
    "name",
    "category",
    "education_type",
    "other_label",
    "naics_code",
    "size_band",
    "employees",
    "address",
    "county",
    "county_fips",
    "website",
    "notes",
)
PERSON_FIELDS = (
    "name",
    "title",
    "organisation",
    "email",
    "phone",
    "authority_level",
    "is_doer",
    "is_naysayer",
    "is_politico",
    "is_data_resource",
    "is_subject_expert",
    "is_retired_leader",
    "is_decision_maker",
    "has_ear_of_decision_maker",
    "is_employer_champion",
    "is_top_government_leader",
    "notes",
    "user",
)
MEMBER_FIELDS = ("role", "notes")


def _only(changes: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    return {k: v.strip() if isinstance(v, str) else v for k, v in changes.items()}


def _check_organisation(fields: dict[str, Any], current: Organisation | None = None) -> None:
    category = fields.get("category", current.category if current else "")
    label = fields.get("other_label", current.other_label if current else "")
    if category == Category.OTHER and not label:
        raise ValidationError(
            {"other_label": "Say what kind of organisation it is (e.g. housing authority)."}
        )
    # A headcount entered without a size band gives the band.
    band = fields.get("size_band", current.size_band if current else "")
    if fields.get("employees") and not band:
        fields["size_band"] = SizeBand.for_headcount(fields["employees"]).value


# --- Organisations -------------------------------------------------------------


def organisation_create(*, actor: Any, workspace: Workspace, **fields: Any) -> Organisation:
    fields = _only(fields, ORGANISATION_FIELDS)
    _check_organisation(fields)
    saved = audit.create(actor=actor, instance=Organisation(workspace=workspace, **fields))
    assert isinstance(saved, Organisation)
    return saved


def organisation_update(
    *,
    actor: Any,
    organisation: Organisation,
    changes: dict[str, Any],
    expected_version: int | None,
) -> Organisation:
    changes = _only(changes, ORGANISATION_FIELDS)
    _check_organisation(changes, organisation)
    previous = organisation.category
    with transaction.atomic():
        saved = audit.update(
            actor=actor, instance=organisation, changes=changes, expected_version=expected_version
        )
        assert isinstance(saved, Organisation)
        if saved.category != previous:
            hooks.on_organisation_category_changed.send(
                sender=Organisation, organisation=saved, previous_category=previous
            )
    return saved


def organisation_delete(
    *, actor: Any, organisation: Organisation, expected_version: int | None
) -> None:
    audit.delete(actor=actor, instance=organisation, expected_version=expected_version)


# --- People ----------------------------------------------------------------------


def _check_person(workspace_id: int, fields: dict[str, Any]) -> None:
    organisation = fields.get("organisation")
    if organisation is not None and organisation.workspace_id != workspace_id:
        raise ValidationError({"organisation": "That organisation is in another workspace."})


def person_create(*, actor: Any, workspace: Workspace, **fields: Any) -> Person:
    fields = _only(fields, PERSON_FIELDS)
    _check_person(workspace.pk, fields)
    saved = audit.create(actor=actor, instance=Person(workspace=workspace, **fields))
    assert isinstance(saved, Person)
    return saved


def person_update(
    *, actor: Any, person: Person, changes: dict[str, Any], expected_version: int | None
) -> Person:
    changes = _only(changes, PERSON_FIELDS)
    _check_person(person.workspace_id, changes)
    previous = person.organisation_id
    with transaction.atomic():
        saved = audit.update(
            actor=actor, instance=person, changes=changes, expected_version=expected_version
        )
        assert isinstance(saved, Person)
        if saved.organisation_id != previous:
            hooks.on_person_employer_changed.send(
                sender=Person, person=saved, previous_organisation_id=previous
            )
    return saved


def person_delete(*, actor: Any, person: Person, expected_version: int | None) -> None:
    # Django clears the primary key of a deleted instance: keep what the event names.
    person_id, workspace_id, organisation_id = (
        person.pk,
        person.workspace_id,
        person.organisation_id,
    )
    with transaction.atomic():
        audit.delete(actor=actor, instance=person, expected_version=expected_version)
        hooks.on_person_deleted.send(
            sender=Person,
            person_id=person_id,
            workspace_id=workspace_id,
            organisation_id=organisation_id,
        )


# --- Memberships and the pipeline --------------------------------------------


def _default_role(organisation: Organisation | None) -> str:
    if organisation is None:
        return MemberRole.SUPPORTER
    roles: dict[str, str] = {
        Category.EMPLOYER: MemberRole.EMPLOYER_PARTNER,
        Category.WORKFORCE_SYSTEM: MemberRole.PUBLIC_PARTNER,
        Category.ECONOMIC_DEVELOPMENT: MemberRole.PUBLIC_PARTNER,
        Category.ELECTED: MemberRole.PUBLIC_PARTNER,
        Category.EDUCATION: MemberRole.SERVICE_PROVIDER,
        Category.HUMAN_SERVICES: MemberRole.SERVICE_PROVIDER,
        Category.COMMUNITY: MemberRole.SERVICE_PROVIDER,
    }
    return roles.get(organisation.category, MemberRole.SUPPORTER)


def member_add(
    *,
    actor: Any,
    partnership: Partnership,
    organisation: Organisation | None = None,
    person: Person | None = None,
    role: str = "",
    stage: str = Stage.IDENTIFIED,
    notes: str = "",
    on: dt.date | None = None,
) -> PartnershipMember:
    """Put an organisation and/or person at the table; the first stage is the first move."""
    if person is not None and organisation is None:
        organisation = person.organisation
    for name, obj in (("organisation", organisation), ("person", person)):
        if obj is not None and obj.workspace_id != partnership.workspace_id:
            raise ValidationError({name: f"That {name} is in another workspace."})
    existing = PartnershipMember.objects.filter(partnership=partnership)
    if person is not None and existing.filter(person=person).exists():
        raise ValidationError({"person": f"{person} is already a member of this partnership."})
    if (
        person is None
        and organisation is not None
        and existing.filter(organisation=organisation, person__isnull=True).exists()
    ):
        raise ValidationError(
            {"organisation": f"{organisation} is already a member of this partnership."}
        )
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"since": "The date cannot be in the future."})
    with transaction.atomic():
        member = audit.create(
            actor=actor,
            instance=PartnershipMember(
                workspace_id=partnership.workspace_id,
                partnership=partnership,
                organisation=organisation,
                person=person,
                role=role or _default_role(organisation),
                stage=stage,
                stage_changed_at=timezone.now(),
                stage_changed_on=on,
                notes=notes.strip(),
            ),
        )
        assert isinstance(member, PartnershipMember)
        audit.create(
            actor=actor,
            instance=StageMove(
                workspace_id=partnership.workspace_id,
                partnership=partnership,
                member=member,
                from_stage="",
                to_stage=stage,
                moved_on=on,
                moved_by=actor if getattr(actor, "is_authenticated", False) else None,
                note="added to the partnership",
            ),
        )
    return member


def member_update(
    *,
    actor: Any,
    member: PartnershipMember,
    changes: dict[str, Any],
    expected_version: int | None,
) -> PartnershipMember:
    changes = _only(changes, MEMBER_FIELDS)
    saved = audit.update(
        actor=actor, instance=member, changes=changes, expected_version=expected_version
    )
    assert isinstance(saved, PartnershipMember)
    return saved


def member_move(
    *,
    actor: Any,
    member: PartnershipMember,
    stage: str,
    expected_version: int | None,
    on: dt.date | None = None,
    note: str = "",
) -> PartnershipMember:
    """Move a member to another pipeline stage; the move is dated and kept."""
    if stage not in Stage.values:
        raise ValidationError({"stage": f"'{stage}' is not a pipeline stage."})
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"moved_on": "A move cannot be dated in the future."})
    last = member.moves.order_by("-moved_on").values_list("moved_on", flat=True).first()
    if last and on < last:
        raise ValidationError(
            {"moved_on": f"The previous move is dated {last:%Y-%m-%d}; date this one after it."}
        )
    if stage == member.stage and (expected_version is None or expected_version == member.version):
        return member  # already there: nothing to record
    with transaction.atomic():
        before = (
            PartnershipMember.objects.select_for_update()
            .values_list("stage", flat=True)
            .get(pk=member.pk)
        )
        saved = audit.update(
            actor=actor,
            instance=member,
            changes={"stage": stage, "stage_changed_at": timezone.now(), "stage_changed_on": on},
            expected_version=expected_version,
            note=note,
        )
        assert isinstance(saved, PartnershipMember)
        audit.create(
            actor=actor,
            instance=StageMove(
                workspace_id=member.workspace_id,
                partnership_id=member.partnership_id,
                member=saved,
                from_stage=before,
                to_stage=stage,
                moved_on=on,
                moved_by=actor if getattr(actor, "is_authenticated", False) else None,
                note=note.strip()[:300],
            ),
        )
    return saved


def member_remove(*, actor: Any, member: PartnershipMember, expected_version: int | None) -> None:
    audit.delete(actor=actor, instance=member, expected_version=expected_version)


# --- Relationships ---------------------------------------------------------------

RELATIONSHIP_FIELDS = ("kind", "source", "target", "note")


def _end_kind(obj: Any) -> str:
    return "person" if isinstance(obj, Person) else "organisation"


def _ends(source: Person | Organisation, target: Person | Organisation) -> dict[str, Any]:
    """The four end columns of a relationship from its two ends (one of each pair is None)."""
    return {
        "from_person": source if isinstance(source, Person) else None,
        "from_organisation": source if isinstance(source, Organisation) else None,
        "to_person": target if isinstance(target, Person) else None,
        "to_organisation": target if isinstance(target, Organisation) else None,
    }


def check_relationship(
    *,
    workspace_id: int,
    kind: str,
    source: Any,
    target: Any,
    exclude_pk: int | None = None,
) -> None:
    """Refuse a relationship that cannot be recorded, naming the field at fault:
    ``kind``, ``source`` or ``target`` (or none, for a duplicate)."""
    if kind not in RelationshipKind.values:
        kinds = ", ".join(RelationshipKind.values)
        raise ValidationError({"kind": f"'{kind}' is not a kind of relationship ({kinds})."})
    errors: dict[str, str] = {}
    for name, obj in (("source", source), ("target", target)):
        if not isinstance(obj, Person | Organisation):
            errors[name] = "Choose a person or an organisation of this workspace."
        elif obj.workspace_id != workspace_id:
            errors[name] = f"{obj} is in another workspace."
    if errors:
        raise ValidationError(errors)
    allowed_from, allowed_to = RELATIONSHIP_ENDS[kind]
    label = RelationshipKind(kind).label
    source_kind, target_kind = _end_kind(source), _end_kind(target)
    if source_kind not in allowed_from:
        errors["source"] = (
            f"'{label}' starts from {' or '.join(sorted(allowed_from))}, not {source_kind}."
        )
    if target_kind not in allowed_to:
        errors["target"] = (
            f"'{label}' points to {' or '.join(sorted(allowed_to))}, not {target_kind}."
        )
    if errors:
        raise ValidationError(errors)
    if source_kind == target_kind and source.pk == target.pk:
        raise ValidationError(
            {
                "target": "A relationship links two different people or organisations; "
                f"{source} is on both ends."
            }
        )
    same = Relationship.objects.filter(
        workspace_id=workspace_id, kind=kind, **_ends(source, target)
    )
    if exclude_pk is not None:
        same = same.exclude(pk=exclude_pk)
    if same.exists():
        raise ValidationError("That relationship is already recorded.")


def relationship_create(
    *,
    actor: Any,
    workspace: Workspace,
    kind: str,
    source: Person | Organisation,
    target: Person | Organisation,
    note: str = "",
) -> Relationship:
    check_relationship(workspace_id=workspace.pk, kind=kind, source=source, target=target)
    saved = audit.create(
        actor=actor,
        instance=Relationship(
            workspace=workspace, kind=kind, note=note.strip(), **_ends(source, target)
        ),
    )
    assert isinstance(saved, Relationship)
    return saved


def relationship_update(
    *,
    actor: Any,
    relationship: Relationship,
    changes: dict[str, Any],
    expected_version: int | None,
) -> Relationship:
    """Change a relationship's kind, either end or note.

    ``changes`` holds any of ``kind``, ``source``, ``target`` (a person or an
    organisation of the workspace) and ``note``; what it leaves out is kept. The
    result is checked as a whole (the kind fits both ends, not a tie to itself,
    not a duplicate) before the versioned write.
    """
    changes = _only(changes, RELATIONSHIP_FIELDS)
    kind = changes.get("kind", relationship.kind)
    source: Person | Organisation | None = changes.get("source", relationship.source)
    target: Person | Organisation | None = changes.get("target", relationship.target)
    if source is None or target is None:  # as check_relationship says it
        raise ValidationError(
            {
                name: "Choose a person or an organisation of this workspace."
                for name, end in (("source", source), ("target", target))
                if end is None
            }
        )
    check_relationship(
        workspace_id=relationship.workspace_id,
        kind=kind,
        source=source,
        target=target,
        exclude_pk=relationship.pk,
    )
    ends = _ends(source, target)
    fields: dict[str, Any] = {k: changes[k] for k in ("kind", "note") if k in changes}
    if "source" in changes:
        fields.update({k: v for k, v in ends.items() if k.startswith("from_")})
    if "target" in changes:
        fields.update({k: v for k, v in ends.items() if k.startswith("to_")})
    saved = audit.update(
        actor=actor, instance=relationship, changes=fields, expected_version=expected_version
    )
    assert isinstance(saved, Relationship)
    return saved


def relationship_delete(
    *, actor: Any, relationship: Relationship, expected_version: int | None = None
) -> None:
    audit.delete(actor=actor, instance=relationship, expected_version=expected_version)
