"""Writes for the partner registry, memberships, pipeline moves and relationships.

Every write goes through ``convenor.audit.services`` (audit entry, version check).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
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
from convenor.workspaces.models import Invitation, Membership, Role, Workspace

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


# --- Sign-ins linked to people ------------------------------------------------------
#
# A member's sign-in is linked to the registry person she is, once per workspace:
# her ballot, her organisation's hiring projections and her action items are that
# person's. The link is written here only (pages, API, invitations, the demo), so
# the checks below hold everywhere.


def account_person(*, user: Any, workspace_id: int) -> Person | None:
    """The person a sign-in is linked to in a workspace, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Person.objects.filter(workspace_id=workspace_id, user=user)
        .select_related("organisation")
        .order_by("pk")
        .first()
    )


def person_link_account(
    *, actor: Any, person: Person, user: Any, expected_version: int | None = None
) -> Person:
    """Link ``user``'s sign-in to ``person``: she votes, enters projections and sees her
    action items as this person. One person per sign-in and one sign-in per person in a
    workspace; the user must be a member of the person's workspace."""
    if not Membership.objects.filter(workspace_id=person.workspace_id, user=user).exists():
        raise ValidationError(
            {"user": f"{user.email} is not a member of this workspace; invite them first."}
        )
    with transaction.atomic():
        # Locked in a fixed order so that two links made at once cannot both pass the checks.
        linked = list(
            # of=self: PostgreSQL refuses FOR UPDATE on the nullable side of the user join
            Person.objects.select_for_update(of=("self",))
            .filter(workspace_id=person.workspace_id)
            .filter(models.Q(pk=person.pk) | models.Q(user=user))
            .select_related("user")
            .order_by("pk")
        )
        current = next((p for p in linked if p.pk == person.pk), None)
        if current is None:
            raise ValidationError("That person was deleted.")
        if current.user_id == user.pk:
            return current
        if current.user is not None:
            raise ValidationError(
                {"user": f"{current} is linked to {current.user.email}; unlink that sign-in first."}
            )
        other = next((p for p in linked if p.pk != person.pk), None)
        if other is not None:
            raise ValidationError(
                {"user": f"{user.email} is linked to {other} already; unlink that person first."}
            )
        saved = audit.update(
            actor=actor,
            instance=person,
            changes={"user": user},
            expected_version=expected_version,
            note="sign-in linked",
        )
    assert isinstance(saved, Person)
    return saved


def person_unlink_account(
    *, actor: Any, person: Person, expected_version: int | None = None
) -> Person:
    """Remove the link between a person and a sign-in (the account and the person stay)."""
    saved = audit.update(
        actor=actor,
        instance=person,
        changes={"user": None},
        expected_version=expected_version,
        note="sign-in unlinked",
    )
    assert isinstance(saved, Person)
    return saved


def person_create_for_account(
    *, actor: Any, user: Any, workspace: Workspace, name: str, organisation: Any = None
) -> Person:
    """Add a member who is not in the registry yet, as a person linked to her sign-in."""
    with transaction.atomic():
        person = person_create(
            actor=actor, workspace=workspace, name=name, email=user.email, organisation=organisation
        )
        return person_link_account(actor=actor, person=person, user=user)


def person_for_invitation(*, invitation: Invitation, user: Any) -> Person | None:
    """Link the sign-in that accepted ``invitation`` to its person in the workspace.

    The person is the registry's record with the invitation's e-mail (the one at
    the invitation's organisation first); a partner, or anyone invited for an
    organisation, whom the registry does not know yet is added to it at that
    organisation. Staff, owners and viewers with no record stay without one (they
    can say "this is me" on their person's page later).
    """
    workspace_id = invitation.workspace_id
    mine = account_person(user=user, workspace_id=workspace_id)
    if mine is not None:
        return mine
    same_email = Person.objects.filter(
        workspace_id=workspace_id, email__iexact=invitation.email, user__isnull=True
    )
    organisation_id = invitation.organisation_id
    person = (
        same_email.filter(organisation_id=organisation_id).order_by("pk").first()
        if organisation_id
        else None
    ) or same_email.order_by("pk").first()
    if person is None:
        if invitation.role != Role.PARTNER and organisation_id is None:
            return None
        person = person_create(
            actor=user,
            workspace=invitation.workspace,
            name=(user.name or invitation.email.split("@")[0])[:200],
            email=invitation.email,
            organisation=invitation.organisation,
        )
    return person_link_account(actor=user, person=person, user=user)


def on_invitation_accepted(sender: Any, invitation: Invitation, user: Any, **kwargs: Any) -> None:
    """Receiver of ``workspaces.hooks.on_invitation_accepted`` (connected in apps.py)."""
    person_for_invitation(invitation=invitation, user=user)


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


def partner_add(
    *,
    actor: Any,
    partnership: Partnership,
    organisation: Organisation | None = None,
    person: Person | None = None,
    new_organisation: dict[str, Any] | None = None,
    new_person: dict[str, Any] | None = None,
    role: str = "",
    stage: str = Stage.IDENTIFIED,
    notes: str = "",
    on: dt.date | None = None,
) -> PartnershipMember:
    """Add a partner in one step: create the organisation and/or the person when they are
    new to the registry (``new_organisation``: name, category; ``new_person``: name,
    e-mail, title), then put them at the table. All of it or nothing."""
    workspace = partnership.workspace
    with transaction.atomic():
        if new_organisation:
            name = str(new_organisation.get("name", "")).strip()
            known = Organisation.objects.filter(workspace=workspace, name__iexact=name).first()
            if known is not None:
                raise ValidationError(
                    {"new_organisation": f"{known} is in the registry already: pick it above."}
                )
            organisation = organisation_create(actor=actor, workspace=workspace, **new_organisation)
        if new_person:
            fields = {k: v for k, v in new_person.items() if v not in (None, "")}
            person = person_create(
                actor=actor, workspace=workspace, organisation=organisation, **fields
            )
        return member_add(
            actor=actor,
            partnership=partnership,
            organisation=organisation,
            person=person,
            role=role,
            stage=stage,
            notes=notes,
            on=on,
        )


def members_add(
    *,
    actor: Any,
    partnership: Partnership,
    people: list[Person] | tuple[Person, ...] = (),
    organisations: list[Organisation] | tuple[Organisation, ...] = (),
    role: str = "",
    stage: str = Stage.IDENTIFIED,
) -> tuple[list[PartnershipMember], list[str]]:
    """Put several people and organisations of the registry at a partnership's table.

    Returns the members added and the names of those already at the table (left as
    they are). A refusal of any other kind adds none of them.
    """
    added: list[PartnershipMember] = []
    already: list[str] = []
    existing = PartnershipMember.objects.filter(partnership=partnership)
    with transaction.atomic():
        for person in people:
            if existing.filter(person=person).exists():
                already.append(str(person))
                continue
            added.append(
                member_add(
                    actor=actor, partnership=partnership, person=person, role=role, stage=stage
                )
            )
        for organisation in organisations:
            if existing.filter(organisation=organisation, person__isnull=True).exists():
                already.append(str(organisation))
                continue
            added.append(
                member_add(
                    actor=actor,
                    partnership=partnership,
                    organisation=organisation,
                    role=role,
                    stage=stage,
                )
            )
    return added, already


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
