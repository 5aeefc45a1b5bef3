"""Writes of communications: updates and their sending, unsubscribes, input links, pulse
answers. Every write goes through ``convenor.audit.services``; every message is sent
by the task worker (``convenor.comms.tasks``) and recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from convenor.audit import services as audit
from convenor.audit.models import AuditEntry
from convenor.comms import selectors
from convenor.comms.links import EXPIRED, Kind, LinkRefused, sign, unsign
from convenor.comms.models import InputLink, PulseAnswer, Recipient, Unsubscribe, Update
from convenor.lib.words import counted
from convenor.meetings.models import Meeting
from convenor.partners.models import Category, MemberRole, Person, Stage
from convenor.partnerships.models import Partnership
from convenor.planning.models import PrioritisationRound

UPDATE_FIELDS = ("subject", "body", "categories", "stages", "roles")


def _site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _check_audience(fields: dict[str, Any]) -> None:
    allowed = {
        "categories": set(Category.values),
        "stages": set(Stage.values),
        "roles": set(MemberRole.values),
    }
    for name, values in allowed.items():
        picked = fields.get(name)
        if picked is None:
            continue
        if not isinstance(picked, list):
            raise ValidationError({name: "Give a list."})
        unknown = [v for v in picked if v not in values]
        if unknown:
            raise ValidationError(
                {name: f"{unknown[0]!r} is not one of: {', '.join(sorted(values))}."}
            )


# --- updates ------------------------------------------------------------------------------


def update_create(
    *,
    actor: Any,
    partnership: Partnership,
    subject: str,
    body: str,
    categories: Iterable[str] = (),
    stages: Iterable[str] = (),
    roles: Iterable[str] = (),
) -> Update:
    fields = {"categories": list(categories), "stages": list(stages), "roles": list(roles)}
    _check_audience(fields)
    if not subject.strip():
        raise ValidationError({"subject": "Give the update a subject."})
    if not body.strip():
        raise ValidationError({"body": "Write the update."})
    update = Update(
        workspace_id=partnership.workspace_id,
        partnership=partnership,
        subject=subject.strip(),
        body=body,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **fields,
    )
    audit.create(actor=actor, instance=update)
    return update


def update_edit(
    *, actor: Any, update: Update, changes: dict[str, Any], expected_version: int | None
) -> Update:
    unknown = set(changes) - set(UPDATE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    if update.status != Update.Status.DRAFT:
        raise ValidationError("This update was sent; it can no longer be changed.")
    _check_audience(changes)
    return cast(
        Update,
        audit.update(
            actor=actor, instance=update, changes=changes, expected_version=expected_version
        ),
    )


def update_delete(*, actor: Any, update: Update, expected_version: int | None = None) -> None:
    if update.status != Update.Status.DRAFT:
        raise ValidationError("This update was sent: it stays in the record.")
    audit.delete(actor=actor, instance=update, expected_version=expected_version)


def update_send(*, actor: Any, update: Update) -> selectors.Audience:
    """Queue the update to everyone it reaches; refused, with the counts, when it reaches
    no one (no recipients, or only unsubscribed ones and people without an address)."""
    from convenor.comms.tasks import send_update

    with transaction.atomic():
        current = Update.objects.select_for_update().get(pk=update.pk)
        if current.status != Update.Status.DRAFT:
            raise ValidationError("This update was already sent.")
        plan = selectors.audience(current)
        refusal = plan.refusal()
        if refusal:
            raise ValidationError(refusal)
        rows = [(p, Recipient.Status.QUEUED) for p in plan.send]
        rows += [(p, Recipient.Status.UNSUBSCRIBED) for p in plan.unsubscribed]
        rows += [(p, Recipient.Status.NO_EMAIL) for p in plan.no_email]
        Recipient.objects.bulk_create(
            [
                Recipient(
                    workspace_id=current.workspace_id,
                    update=current,
                    person=person,
                    email=person.email,
                    status=status,
                )
                for person, status in rows
            ]
        )
        audit.update(
            actor=actor,
            instance=current,
            changes={"status": Update.Status.QUEUED, "queued_at": timezone.now()},
            expected_version=None,
            note=f"queued to {counted(len(plan.send), 'recipient')}; not reached: "
            f"{len(plan.unsubscribed)} unsubscribed, {len(plan.no_email)} without an e-mail "
            f"address, {len(plan.no_person)} without a named person",
        )
        send_update.enqueue(update_id=current.pk)
    return plan


# --- unsubscribes ---------------------------------------------------------------------------


def unsubscribe_url(workspace_id: int, email: str) -> str:
    token = sign(Kind.UNSUBSCRIBE, {"w": workspace_id, "e": email.lower()})
    return _site(reverse("comms:unsubscribe", kwargs={"unsubscribe_token": token}))


def unsubscribe_target(token: str) -> tuple[int, str]:
    payload = unsign(Kind.UNSUBSCRIBE, token, max_age=settings.UNSUBSCRIBE_LINK_MAX_AGE)
    workspace_id, email = payload.get("w"), payload.get("e")
    if not isinstance(workspace_id, int) or not isinstance(email, str) or "@" not in email:
        raise LinkRefused("This link is not valid: it names no address.")
    return workspace_id, email


def unsubscribe(*, workspace_id: int, email: str) -> bool:
    """Stop the workspace's updates to ``email``; False when it was stopped already."""
    if selectors.is_unsubscribed(workspace_id, email):
        return False
    person = Person.objects.filter(workspace_id=workspace_id, email__iexact=email).first()
    audit.create(
        actor=None,
        instance=Unsubscribe(workspace_id=workspace_id, email=email.lower(), person=person),
        note="through the unsubscribe link of an update",
    )
    return True


# --- input links ------------------------------------------------------------------------------


def input_link_create(
    *,
    actor: Any,
    partnership: Partnership,
    person: Person,
    purpose: str,
    round: PrioritisationRound | None = None,
    meeting: Meeting | None = None,
    send: bool = False,
) -> InputLink:
    """A signed link for one person's input; with ``send``, e-mailed to them by the worker."""
    if person.workspace_id != partnership.workspace_id:
        raise ValidationError({"person": "That person belongs to another workspace."})
    if round is not None and round.partnership_id != partnership.pk:
        raise ValidationError({"round": "That round belongs to another partnership."})
    if meeting is not None and meeting.partnership_id != partnership.pk:
        raise ValidationError({"meeting": "That meeting belongs to another partnership."})
    if purpose == InputLink.Purpose.PROJECTIONS and not (
        person.organisation and person.organisation.category == Category.EMPLOYER
    ):
        raise ValidationError(
            {
                "person": f"{person.name} is not at an employer: hiring projections come from "
                "employer partners."
            }
        )
    if send and not person.email:
        raise ValidationError({"person": f"{person.name} has no e-mail address to send it to."})
    link = InputLink(
        workspace_id=partnership.workspace_id,
        partnership=partnership,
        person=person,
        purpose=purpose,
        round=round if purpose == InputLink.Purpose.BALLOT else None,
        meeting=meeting if purpose == InputLink.Purpose.PULSE else None,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        expires_at=timezone.now() + dt.timedelta(seconds=settings.INPUT_LINK_MAX_AGE),
    )
    with transaction.atomic():
        audit.create(actor=actor, instance=link)
        if send:
            from convenor.comms.tasks import send_input_links

            send_input_links.enqueue(link_ids=[link.pk])
    return link


def input_link_token(link: InputLink) -> str:
    return sign(Kind.INPUT, {"l": link.pk, "p": link.person_id})


def input_link_url(link: InputLink) -> str:
    return _site(reverse("comms:input", kwargs={"input_token": input_link_token(link)}))


def input_link_for_token(token: str) -> InputLink:
    """The active link a token names, or ``LinkRefused`` (tampered, expired, revoked)."""
    payload = unsign(Kind.INPUT, token, max_age=settings.INPUT_LINK_MAX_AGE)
    link = (
        InputLink.objects.select_related(
            "partnership", "person", "person__organisation", "round", "meeting"
        )
        .filter(pk=payload.get("l", 0), person_id=payload.get("p", 0))
        .first()
    )
    if link is None:
        raise LinkRefused("This link was withdrawn.", status=410)
    if link.revoked_at is not None:
        raise LinkRefused(
            "This link was withdrawn by the convener's staff. Ask them for a new one.", status=410
        )
    if link.expires_at <= timezone.now():
        raise LinkRefused(EXPIRED, status=410)
    return link


def input_link_revoke(*, actor: Any, link: InputLink) -> InputLink:
    if link.revoked_at is not None:
        return link
    return cast(
        InputLink,
        audit.update(
            actor=actor,
            instance=link,
            changes={"revoked_at": timezone.now()},
            expected_version=None,
            note="link withdrawn",
        ),
    )


def input_link_used(link: InputLink, what: str) -> None:
    """Each use is in the audit trail: who, through which link, what they did."""
    InputLink.objects.filter(pk=link.pk).update(uses=link.uses + 1, last_used_at=timezone.now())
    audit.record(
        actor=None,
        instance=link,
        action=AuditEntry.Action.EVENT,
        note=f"{link.person.name} {what} through a signed link ({link.get_purpose_display()})",
    )


# --- pulse ------------------------------------------------------------------------------------


def pulse_answer(*, link: InputLink, score: Any, comment: str = "") -> PulseAnswer:
    """Record (or replace) the person's answer about the link's meeting."""
    try:
        value = int(str(score).strip())
    except ValueError:
        value = 0
    if not 1 <= value <= 5:
        raise ValidationError({"score": "Pick an answer from 1 (not at all) to 5 (fully)."})
    if len(comment) > 2000:
        raise ValidationError({"comment": "Keep the comment under 2,000 characters."})
    meeting = link.meeting
    assert meeting is not None
    with transaction.atomic():
        existing = PulseAnswer.objects.filter(meeting=meeting, person=link.person).first()
        if existing is not None:
            answer = cast(
                PulseAnswer,
                audit.update(
                    actor=None,
                    instance=existing,
                    changes={"score": value, "comment": comment.strip()},
                    expected_version=None,
                ),
            )
        else:
            answer = PulseAnswer(
                workspace_id=link.workspace_id,
                partnership_id=link.partnership_id,
                meeting=meeting,
                person=link.person,
                score=value,
                comment=comment.strip(),
                is_employer=selectors.is_employer(link.person),
            )
            audit.create(actor=None, instance=answer)
        input_link_used(link, f"answered the pulse question ({value} of 5)")
    return answer


def pulse_request(*, actor: Any, meeting: Meeting) -> list[InputLink]:
    """After a meeting: a pulse link for each person who came (or, before attendance is
    recorded, each invitee), e-mailed to those with an address and not unsubscribed."""
    if meeting.starts_at > timezone.now():
        raise ValidationError("Ask after the meeting: it has not taken place yet.")
    rows = list(meeting.attendance.select_related("person", "person__organisation"))
    recorded = any(a.attended is not None for a in rows)
    people = [a.person for a in rows if (a.attended if recorded else a.invited)]
    stopped = selectors.unsubscribed_emails(meeting.workspace_id)
    people = [p for p in people if p.email and p.email.lower() not in stopped]
    if not people:
        raise ValidationError(
            "No one to ask: nobody who came (or was invited) has an e-mail address and is "
            "still subscribed."
        )
    links = []
    with transaction.atomic():
        for person in people:
            link = InputLink(
                workspace_id=meeting.workspace_id,
                partnership_id=meeting.partnership_id,
                person=person,
                purpose=InputLink.Purpose.PULSE,
                meeting=meeting,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
                expires_at=timezone.now() + dt.timedelta(seconds=settings.INPUT_LINK_MAX_AGE),
            )
            audit.create(actor=actor, instance=link)
            links.append(link)
        from convenor.comms.tasks import send_input_links

        send_input_links.enqueue(link_ids=[link.pk for link in links])
    return links
