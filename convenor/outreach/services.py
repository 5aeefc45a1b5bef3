"""Writes for the outreach log and the recruitment material.

``touch_create`` is the one way a touch enters the log: it checks the people,
organisations and challenge codes, keeps the challenge index in step, and can
move the people reached along the pipeline (a one-on-one or a company tour means
"met one-on-one"; a call, an e-mail or a meeting means "contacted").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from convenor.audit import services as audit
from convenor.lib.challenges import validate_challenges
from convenor.outreach.models import (
    FACE_TO_FACE,
    PointOfContact,
    RecruitmentMaterial,
    Touch,
    TouchChallenge,
)
from convenor.outreach.selectors import employers_reached
from convenor.partners.models import (
    Category,
    Organisation,
    PartnershipMember,
    Person,
    Stage,
)
from convenor.partners.services import member_move
from convenor.partnerships.models import Partnership
from convenor.workspaces.models import Membership

TOUCH_FIELDS = (
    "occurred_on",
    "method",
    "people",
    "organisations",
    "purpose",
    "by_organisation",
    "heard",
    "pain_level",
    "challenges",
    "follow_up_on",
    "follow_up_owner",
    "follow_up_done",
)
_ORDER = [Stage.IDENTIFIED, Stage.CONTACTED, Stage.MET, Stage.COMMITTED, Stage.ACTIVE]


def _check_links(
    partnership: Partnership,
    people: Iterable[Person],
    organisations: Iterable[Organisation],
    owner: Any,
) -> None:
    for obj in [*people, *organisations]:
        if obj.workspace_id != partnership.workspace_id:
            raise ValidationError(f"{obj} is in another workspace.")
    if (
        owner is not None
        and not Membership.objects.filter(
            workspace_id=partnership.workspace_id, user=owner
        ).exists()
    ):
        raise ValidationError({"follow_up_owner": "The follow-up owner is not in this workspace."})


def sync_challenges(touch: Touch) -> None:
    """Mirror ``touch.challenges`` into the index the employer counts read."""
    sync_touches([touch.pk])


def sync_touches(touch_ids: Iterable[int]) -> None:
    """Rebuild the challenge index rows of these touches (see ``TouchChallenge``)."""
    ids = list(dict.fromkeys(touch_ids))
    for start in range(0, len(ids), 1000):
        _sync_chunk(ids[start : start + 1000])


def _sync_chunk(ids: list[int]) -> None:
    employers = employers_reached(ids)
    rows = []
    for pk, partnership_id, codes, pain in Touch.objects.filter(pk__in=ids).values_list(
        "pk", "partnership_id", "challenges", "pain_level"
    ):
        for code in dict.fromkeys(codes or []):
            orgs: list[int | None] = [*sorted(employers[pk])] or [None]
            rows += [
                TouchChallenge(
                    touch_id=pk,
                    partnership_id=partnership_id,
                    challenge=code,
                    organisation_id=org_id,
                    primary=index == 0,
                    pain_level=pain,
                )
                for index, org_id in enumerate(orgs)
            ]
    TouchChallenge.objects.filter(touch_id__in=ids).delete()
    TouchChallenge.objects.bulk_create(rows, batch_size=2000)


def resync_person(person: Person) -> None:
    """After a person changed employer: their touches count for the new one."""
    sync_touches(person.touches.values_list("pk", flat=True))


def resync_organisation(organisation: Organisation) -> None:
    """After an organisation changed category: touches of it and its people."""
    ids = set(organisation.touches.values_list("pk", flat=True))
    ids |= set(
        Touch.people.through.objects.filter(person__organisation=organisation).values_list(
            "touch_id", flat=True
        )
    )
    sync_touches(ids)


def resync_employer(organisation_id: int | None) -> None:
    """After one of an employer's people left the registry: the touches that counted
    the employer (the person's links to touches went with them)."""
    if organisation_id is not None:
        sync_touches(
            TouchChallenge.objects.filter(organisation_id=organisation_id)
            .values_list("touch_id", flat=True)
            .distinct()
        )


# --- Receivers of the partner registry's events (connected in apps.OutreachConfig) ---


def on_person_employer_changed(sender: Any, *, person: Person, **kwargs: Any) -> None:
    resync_person(person)


def on_organisation_category_changed(
    sender: Any, *, organisation: Organisation, **kwargs: Any
) -> None:
    resync_organisation(organisation)


def on_person_deleted(sender: Any, *, organisation_id: int | None, **kwargs: Any) -> None:
    resync_employer(organisation_id)


def touch_create(
    *,
    actor: Any,
    partnership: Partnership,
    occurred_on: dt.date,
    method: str,
    people: Iterable[Person] = (),
    organisations: Iterable[Organisation] = (),
    purpose: str = "",
    by_organisation: Organisation | None = None,
    heard: str = "",
    pain_level: int | None = None,
    challenges: Iterable[str] = (),
    follow_up_on: dt.date | None = None,
    follow_up_owner: Any = None,
    follow_up_done: bool = False,
    advance_pipeline: bool = False,
) -> Touch:
    people, organisations = list(people), list(organisations)
    if follow_up_on and follow_up_owner is None and getattr(actor, "is_authenticated", False):
        follow_up_owner = actor
    _check_links(
        partnership,
        people,
        [*organisations, *([by_organisation] if by_organisation else [])],
        follow_up_owner,
    )
    touch = Touch(
        workspace_id=partnership.workspace_id,
        partnership=partnership,
        occurred_on=occurred_on,
        method=method,
        purpose=purpose.strip(),
        by_organisation=by_organisation,
        heard=heard.strip(),
        pain_level=pain_level,
        challenges=validate_challenges(list(challenges)),
        follow_up_on=follow_up_on,
        follow_up_owner=follow_up_owner,
        follow_up_done=follow_up_done,
    )
    with transaction.atomic():
        created = audit.create(
            actor=actor, instance=touch, m2m={"people": people, "organisations": organisations}
        )
        assert isinstance(created, Touch)
        touch = created
        sync_challenges(touch)
        if advance_pipeline:
            advance_members(actor=actor, touch=touch, people=people, organisations=organisations)
    return touch


def advance_members(
    *,
    actor: Any,
    touch: Touch,
    people: list[Person],
    organisations: list[Organisation],
) -> list[PartnershipMember]:
    """Move the members this touch reached forward to 'contacted' or 'met one-on-one'."""
    target = Stage.MET if touch.method in FACE_TO_FACE else Stage.CONTACTED
    earlier = _ORDER[: _ORDER.index(target)]
    members = PartnershipMember.objects.filter(
        partnership_id=touch.partnership_id, stage__in=earlier
    ).filter(_reached(people, organisations))
    moved = []
    for member in members:
        moved.append(
            member_move(
                actor=actor,
                member=member,
                stage=target,
                expected_version=member.version,
                on=touch.occurred_on,
                note=f"{touch.get_method_display()} on {touch.occurred_on:%Y-%m-%d}",
            )
        )
    return moved


def _reached(people: list[Person], organisations: list[Organisation]) -> Q:
    """Members the touch reached: the people, the organisations, the people's organisations."""
    people_orgs = [p.organisation_id for p in people if p.organisation_id]
    return (
        Q(person_id__in=[p.pk for p in people])
        | Q(organisation_id__in=[o.pk for o in organisations])
        | Q(person__isnull=True, organisation_id__in=people_orgs)
    )


def touch_update(
    *, actor: Any, touch: Touch, changes: dict[str, Any], expected_version: int | None
) -> Touch:
    unknown = set(changes) - set(TOUCH_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    changes = dict(changes)
    if "challenges" in changes:
        changes["challenges"] = validate_challenges(list(changes["challenges"] or []))
    for name in ("purpose", "heard"):
        if isinstance(changes.get(name), str):
            changes[name] = changes[name].strip()
    _check_links(
        touch.partnership,
        [
            *changes.get("people", []),
            *([changes["by_organisation"]] if changes.get("by_organisation") else []),
        ],
        changes.get("organisations", []),
        changes.get("follow_up_owner"),
    )
    with transaction.atomic():
        saved = audit.update(
            actor=actor, instance=touch, changes=changes, expected_version=expected_version
        )
        assert isinstance(saved, Touch)
        if {"challenges", "people", "organisations", "pain_level"} & set(changes):
            sync_challenges(saved)
    return saved


def touch_delete(*, actor: Any, touch: Touch, expected_version: int | None = None) -> None:
    audit.delete(actor=actor, instance=touch, expected_version=expected_version)


def follow_up_done(*, actor: Any, touch: Touch, expected_version: int | None = None) -> Touch:
    saved = audit.update(
        actor=actor,
        instance=touch,
        changes={"follow_up_done": True},
        expected_version=expected_version,
        note="follow-up done",
    )
    assert isinstance(saved, Touch)
    return saved


# --- Recruitment material ----------------------------------------------------------


def recruitment_save(
    *,
    actor: Any,
    partnership: Partnership,
    category: str,
    purpose: str = "",
    benefits: str = "",
    roles: str = "",
    contact: str = "",
    expected_version: int | None = None,
) -> RecruitmentMaterial:
    """Create or change the partnership's recruitment text for one category ('' = all)."""
    if category and category not in Category.values:
        raise ValidationError({"category": f"'{category}' is not a partner category."})
    fields = {
        "purpose": purpose.strip(),
        "benefits": benefits.strip(),
        "roles": roles.strip(),
        "contact": contact.strip(),
    }
    current = RecruitmentMaterial.objects.filter(partnership=partnership, category=category).first()
    if current is None:
        saved = audit.create(
            actor=actor,
            instance=RecruitmentMaterial(
                workspace_id=partnership.workspace_id,
                partnership=partnership,
                category=category,
                **fields,
            ),
        )
        assert isinstance(saved, RecruitmentMaterial)
        return saved
    saved = audit.update(
        actor=actor, instance=current, changes=fields, expected_version=expected_version
    )
    assert isinstance(saved, RecruitmentMaterial)
    return saved


# --- one voice to employers -----------------------------------------------------------------


def point_of_contact_set(
    *,
    actor: Any,
    employer: Organisation,
    person: Person | None,
    notes: str = "",
    expected_version: int | None = None,
) -> PointOfContact | None:
    """Name (or, with ``person=None``, remove) the person who coordinates asks to
    ``employer``: a person at one of the partner organisations.

    ``expected_version`` is the version of the point of contact as read (0: there was
    none); a point of contact named or changed since is not overwritten (409)."""
    current = PointOfContact.objects.filter(employer=employer).first()
    if person is None:
        if current is not None:
            audit.delete(actor=actor, instance=current, expected_version=expected_version)
        return None
    if current is None:
        contact = PointOfContact(
            workspace_id=employer.workspace_id,
            employer=employer,
            person=person,
            notes=notes.strip(),
        )
        audit.create(actor=actor, instance=contact)
        return contact
    saved = audit.update(
        actor=actor,
        instance=current,
        changes={"person": person, "notes": notes.strip()},
        expected_version=expected_version,
    )
    assert isinstance(saved, PointOfContact)
    return saved
