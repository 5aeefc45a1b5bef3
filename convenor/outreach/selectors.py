"""Reads for the outreach log: touches, challenges heard across employers, follow-ups."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.utils import timezone

from convenor.lib.challenges import Challenge
from convenor.outreach.models import Touch, TouchChallenge
from convenor.partners.models import Organisation, Person
from convenor.partnerships.models import Partnership
from convenor.workspaces.models import Workspace

_LABELS = dict(Challenge.choices)


def touches_of(
    partnership: Partnership, *, method: str = "", challenge: str = ""
) -> QuerySet[Touch]:
    qs = (
        Touch.objects.filter(partnership=partnership)
        .select_related("follow_up_owner")
        .prefetch_related(
            Prefetch("people", queryset=Person.objects.select_related("organisation")),
            "organisations",
        )
    )
    if method:
        qs = qs.filter(method=method)
    if challenge:
        qs = qs.filter(challenge_rows__challenge=challenge)
    return qs.order_by("-occurred_on", "-id")


def touches_of_person(person: Person) -> QuerySet[Touch]:
    return person.touches.select_related("partnership").order_by("-occurred_on", "-id")


@dataclass
class ChallengeCount:
    code: str
    label: str
    employers: int  # distinct employer organisations that raised it
    touches: int
    average_pain: float | None
    employer_ids: set[int] = field(default_factory=set)  # filled when asked for names
    employer_names: list[str] = field(default_factory=list)

    @property
    def shared(self) -> bool:
        """Raised by more than one employer: shared across the industry, not one firm."""
        return self.employers > 1


def challenge_counts(partnership: Partnership, *, with_names: bool = False) -> list[ChallengeCount]:
    """Per challenge heard: how many distinct employers raised it, in how many touches.

    An employer "raised" a challenge when a touch coded with it reached one of its
    people, or reached the organisation itself (e.g. a company tour). Reads the
    ``TouchChallenge`` index: two grouped queries however many touches there are.
    """
    rows = TouchChallenge.objects.filter(partnership=partnership).order_by()
    totals = {
        r["challenge"]: r
        for r in rows.filter(primary=True)
        .values("challenge")
        .annotate(touches=Count("pk"), pain=Avg("pain_level"))
    }
    if not totals:
        return []
    employers = dict(
        rows.filter(organisation__isnull=False)
        .values("challenge")
        .annotate(n=Count("organisation", distinct=True))
        .values_list("challenge", "n")
    )
    counts = [
        ChallengeCount(
            code=code,
            label=_LABELS.get(code, code),
            employers=employers.get(code, 0),
            touches=row["touches"],
            average_pain=round(row["pain"], 1) if row["pain"] is not None else None,
        )
        for code, row in totals.items()
    ]
    counts.sort(key=lambda c: (-c.employers, -c.touches, c.label))
    if with_names:
        pairs = list(
            rows.filter(organisation__isnull=False)
            .values_list("challenge", "organisation_id")
            .distinct()
        )
        names = dict(
            Organisation.objects.filter(pk__in={org for _, org in pairs}).values_list("pk", "name")
        )
        by_code: dict[str, set[int]] = {}
        for code, org_id in pairs:
            by_code.setdefault(code, set()).add(org_id)
        for c in counts:
            c.employer_ids = by_code.get(c.code, set())
            c.employer_names = sorted(names[i] for i in c.employer_ids if i in names)
    return counts


def due_follow_ups(
    workspace: Workspace, user, *, horizon_days: int = 14, today: dt.date | None = None
) -> QuerySet[Touch]:
    """The user's open follow-ups that are late or due within ``horizon_days``."""
    today = today or timezone.localdate()
    return (
        Touch.objects.filter(
            workspace=workspace,
            follow_up_owner=user,
            follow_up_done=False,
            follow_up_on__isnull=False,
            follow_up_on__lte=today + dt.timedelta(days=horizon_days),
        )
        .select_related("partnership")
        .prefetch_related(
            Prefetch("people", queryset=Person.objects.select_related("organisation"))
        )
        .order_by("follow_up_on", "pk")
    )


def follow_up_summary(partnership: Partnership, *, today: dt.date | None = None) -> dict[str, int]:
    """Touches of the partnership, and open follow-ups overdue or due within a week."""
    today = today or timezone.localdate()
    open_ = Q(follow_up_done=False, follow_up_on__isnull=False)
    return Touch.objects.filter(partnership=partnership).aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=open_ & Q(follow_up_on__lt=today)),
        due_this_week=Count(
            "pk",
            filter=open_
            & Q(follow_up_on__gte=today, follow_up_on__lte=today + dt.timedelta(days=7)),
        ),
    )
