"""Reads of communications: who an update reaches, unsubscribes, links, the pulse trend."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Prefetch, Q, QuerySet

from convenor.comms.models import InputLink, PulseAnswer, Recipient, Unsubscribe, Update
from convenor.lib.words import agrees, counted
from convenor.partners.models import Category, PartnershipMember, Person
from convenor.partners.selectors import members_of
from convenor.partnerships.models import Partnership


@dataclass
class Audience:
    """Who an update reaches: the people it is sent to, and who is not reached and why."""

    send: list[Person] = field(default_factory=list)
    unsubscribed: list[Person] = field(default_factory=list)
    no_email: list[Person] = field(default_factory=list)
    no_person: list[str] = field(default_factory=list)  # members without a named person

    @property
    def picked(self) -> int:
        return len(self.send) + len(self.unsubscribed) + len(self.no_email) + len(self.no_person)

    def refusal(self) -> str:
        """Why nothing can be sent, with the counts ("" when someone is reached)."""
        if self.send:
            return ""
        if not self.picked:
            return (
                "No recipients: no member of the partnership matches the categories, "
                "stages and roles picked (0 picked)."
            )
        return (
            f"No one to send to: of {counted(self.picked, 'member')} picked, "
            f"{len(self.unsubscribed)} unsubscribed, {len(self.no_email)} "
            f"{agrees(len(self.no_email), 'has', 'have')} no e-mail address and "
            f"{len(self.no_person)} {agrees(len(self.no_person), 'has', 'have')} no named person."
        )


def unsubscribed_emails(workspace_id: int) -> set[str]:
    return {
        e.lower()
        for e in Unsubscribe.objects.filter(workspace_id=workspace_id).values_list(
            "email", flat=True
        )
    }


def is_unsubscribed(workspace_id: int, email: str) -> bool:
    return Unsubscribe.objects.filter(workspace_id=workspace_id, email__iexact=email).exists()


def picked_members(
    partnership: Partnership, *, categories: list[str], stages: list[str], roles: list[str]
) -> list[PartnershipMember]:
    """Members in any of the categories, stages and roles (an empty list: any)."""
    qs = members_of(partnership)
    if stages:
        qs = qs.filter(stage__in=stages)
    if roles:
        qs = qs.filter(role__in=roles)
    members = list(qs)
    if categories:
        members = [m for m in members if m.category in categories]
    return members


def audience(update: Update) -> Audience:
    members = picked_members(
        update.partnership,
        categories=list(update.categories or []),
        stages=list(update.stages or []),
        roles=list(update.roles or []),
    )
    stopped = unsubscribed_emails(update.workspace_id)
    out = Audience()
    seen: set[int] = set()
    for member in members:
        person = member.person
        if person is None:
            out.no_person.append(member.display_name)
            continue
        if person.pk in seen:
            continue
        seen.add(person.pk)
        if not person.email:
            out.no_email.append(person)
        elif person.email.lower() in stopped:
            out.unsubscribed.append(person)
        else:
            out.send.append(person)
    return out


def updates_of(partnership: Partnership) -> QuerySet[Update]:
    return (
        Update.objects.filter(partnership=partnership)
        .select_related("created_by")
        .annotate(
            sent_count=Count("recipients", filter=Q(recipients__status=Recipient.Status.SENT)),
            not_reached=Count("recipients", filter=~Q(recipients__status__in=["sent", "queued"])),
        )
    )


def update_detail_queryset() -> QuerySet[Update]:
    return Update.objects.select_related("partnership", "created_by").prefetch_related(
        Prefetch(
            "recipients",
            queryset=Recipient.objects.select_related("person", "person__organisation"),
        )
    )


def links_of(partnership: Partnership) -> QuerySet[InputLink]:
    return InputLink.objects.filter(partnership=partnership).select_related(
        "person", "person__organisation", "round", "meeting", "created_by"
    )


# --- the pulse ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PulsePoint:
    """The answers after one meeting: how many, the average, the employers' average."""

    meeting_id: int
    title: str
    date: str
    answers: int
    average: float
    employers: int
    employer_average: float | None


def pulse_trend(partnership: Partnership) -> list[PulsePoint]:
    """Per meeting with answers, oldest first (one grouped query)."""
    rows = (
        PulseAnswer.objects.filter(partnership=partnership)
        .values("meeting_id", "meeting__title", "meeting__starts_at")
        .annotate(
            n=Count("pk"),
            avg=Avg("score"),
            employers=Count("pk", filter=Q(is_employer=True)),
            employer_avg=Avg("score", filter=Q(is_employer=True)),
        )
        .order_by("meeting__starts_at", "meeting_id")
    )
    return [
        PulsePoint(
            meeting_id=r["meeting_id"],
            title=r["meeting__title"],
            date=r["meeting__starts_at"].date().isoformat(),
            answers=r["n"],
            average=round(float(r["avg"]), 2),
            employers=r["employers"],
            employer_average=round(float(r["employer_avg"]), 2)
            if r["employer_avg"] is not None
            else None,
        )
        for r in rows
    ]


def pulse_answers(partnership: Partnership) -> QuerySet[PulseAnswer]:
    return PulseAnswer.objects.filter(partnership=partnership).select_related(
        "person", "person__organisation", "meeting"
    )


def is_employer(person: Person) -> bool:
    org = person.organisation
    return bool(org and org.category == Category.EMPLOYER)
