"""Reads for meetings, the decision log and action items, with their joins decided here."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from convenor.intermediaries.selectors import interests_visible
from convenor.lib.charts import SCHEMA, styled
from convenor.lib.palette import side_scale
from convenor.meetings.checks import (
    Invitee,
    agenda_findings,
    employer_led_findings,
    meeting_name_findings,
)
from convenor.meetings.models import (
    PLAN_LINKS,
    ActionItem,
    ActionStatus,
    AgendaItem,
    Attendance,
    CalendarFeed,
    Decision,
    Meeting,
    Response,
)
from convenor.outreach.models import Touch
from convenor.partners.models import Category, Person
from convenor.partners.picker import people_of  # noqa: F401  (the views and API import it here)
from convenor.partners.sides import Mix, Seat, Side, side_of
from convenor.partnerships.models import Partnership
from convenor.workspaces.models import Membership

OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


def side_label(person: Person) -> str:
    """Where a person sits in the employer-led count (``partners.sides``), in words."""
    category = _seat(person).category or ""
    if category == Category.ASSOCIATION:
        return "Industry association"
    return {
        Side.INDUSTRY: "Employer",
        Side.PUBLIC: "Public partner",
        Side.OTHER: "Other partner",
    }[side_of(category)]


def _seat(person: Person) -> Seat:
    """The person's seat at the table: their organisation's category and industry."""
    organisation = person.organisation
    if organisation is None:
        return Seat("")
    return Seat(organisation.category, organisation.naics_code)


def meetings_of(partnership: Partnership) -> QuerySet[Meeting]:
    """The partnership's meetings, newest first, with counts for list pages."""
    return (
        Meeting.objects.filter(partnership=partnership)
        .annotate(
            decision_count=Count("decisions", distinct=True),
            invitee_count=Count("attendance", filter=Q(attendance__invited=True), distinct=True),
            attended_count=Count("attendance", filter=Q(attendance__attended=True), distinct=True),
        )
        .order_by("-starts_at")
    )


def meeting_page_queryset() -> QuerySet[Meeting]:
    """One meeting with everything its page, minutes and exports show."""
    return Meeting.objects.select_related("partnership", "partnership__workspace").prefetch_related(
        Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("owner")),
        Prefetch(
            "attendance",
            queryset=Attendance.objects.select_related("person", "person__organisation").order_by(
                "person__name"
            ),
        ),
        Prefetch("decisions", queryset=Decision.objects.order_by("decided_on", "id")),
        Prefetch(
            "action_items",
            queryset=ActionItem.objects.select_related("owner", "decision").order_by(
                "due_on", "id"
            ),
        ),
    )


def mix_of(attendance: Iterable[Attendance], *, target: str) -> Mix:
    """Who attended; before attendance is recorded, who accepted the invitation (once
    anyone answered it); before that, who is invited. ``target``: the partnership's
    target industry (an employer of another industry is not the industry's voice)."""
    rows = list(attendance)
    if any(a.attended is not None for a in rows):
        attended = [a.person for a in rows if a.attended]
        return mix_of_people(attended, basis="attended", target=target)
    if any(a.response for a in rows):
        accepted = [a.person for a in rows if a.invited and a.response == Response.ACCEPTED]
        return mix_of_people(accepted, basis="accepted", target=target)
    invited = [a.person for a in rows if a.invited]
    return mix_of_people(invited, basis="invited", target=target)


def responses_of(attendance: Iterable[Attendance]) -> dict[str, int]:
    """How the invitees answered: accepted, declined, no answer yet."""
    rows = [a for a in attendance if a.invited]
    return {
        "accepted": sum(1 for a in rows if a.response == Response.ACCEPTED),
        "declined": sum(1 for a in rows if a.response == Response.DECLINED),
        "waiting": sum(1 for a in rows if not a.response),
    }


def mix_of_people(people: Iterable[Person], *, basis: str, target: str) -> Mix:
    return Mix.of((_seat(p) for p in people), basis=basis, target=target)


def draft_checks(
    event_type: str, title: str, expectation: str, people: list[Person], *, target: str
) -> list[Any]:
    """The checks of a meeting being planned (the form's live check and the API): its
    name against the invitees, and the employer-led check on who is invited, by the
    same rules as a saved meeting (``meeting_checks``)."""
    invitees = [Invitee.from_person(p) for p in people]
    return meeting_name_findings(event_type, title, invitees, expectation) + (
        employer_led_findings(mix_of_people(people, basis="invited", target=target))
        if people
        else []
    )


def meeting_checks(meeting: Meeting) -> dict[str, list[Any]]:
    """The checks of one prefetched meeting, by section, for its page and the API."""
    rows = list(meeting.attendance.all())
    items = list(meeting.agenda_items.all())
    invitees = [Invitee.from_person(a.person) for a in rows if a.invited]
    return {
        "name": meeting_name_findings(
            meeting.event_type, meeting.title, invitees, meeting.expectation
        ),
        "agenda": agenda_findings(
            item_minutes=[i.minutes for i in items],
            unowned_items=sum(1 for i in items if not i.lead),
            meeting_minutes=meeting.duration_minutes,
            employers_invited=sum(1 for i in invitees if i.is_employer),
        ),
        "employer_led": employer_led_findings(
            mix_of(rows, target=meeting.partnership.industry_naics)
        ),
    }


def agenda_minutes(meeting: Meeting) -> int:
    return sum(item.minutes for item in meeting.agenda_items.all())


@dataclass
class TrendPoint:
    meeting: Meeting
    mix: Mix


def employer_trend(partnership: Partnership, *, now: dt.datetime | None = None) -> list[TrendPoint]:
    """Held meetings with attendance recorded, oldest first, with their mix."""
    now = now or timezone.now()
    meetings = (
        Meeting.objects.filter(partnership=partnership, starts_at__lte=now)
        .filter(attendance__attended__isnull=False)
        .distinct()
        .order_by("starts_at")
        .prefetch_related(
            Prefetch(
                "attendance",
                queryset=Attendance.objects.select_related("person", "person__organisation"),
            )
        )
    )
    target = partnership.industry_naics
    return [TrendPoint(m, mix_of(m.attendance.all(), target=target)) for m in meetings]


def trend_chart_spec(points: list[TrendPoint]) -> dict[str, Any]:
    """A Vega-Lite stacked bar chart: who attended each held meeting, by side (lib.palette)."""
    sides = ("Employers", "Associations", "Public", "Other")
    values = [
        {
            "meeting": f"{p.meeting.starts_at:%Y-%m-%d}",
            "title": p.meeting.title,
            "side": side,
            "people": count,
            "order": i,
        }
        for p in points
        for i, (side, count) in enumerate(
            zip(
                sides, (p.mix.employers, p.mix.associations, p.mix.public, p.mix.other), strict=True
            )
        )
    ]
    meetings = list(dict.fromkeys(v["meeting"] for v in values))
    # A side nobody came from draws nothing and stays out of the legend.
    values = [v for v in values if v["people"]]
    present = [side for side in sides if any(v["side"] == side for v in values)]
    return styled(
        {
            "$schema": SCHEMA,
            "width": "container",
            "height": 180,
            "data": {"values": values},
            "mark": "bar",
            "encoding": {
                "x": {
                    "field": "meeting",
                    "type": "ordinal",
                    "title": "Meeting",
                    "sort": None,
                    "scale": {"domain": meetings},
                    "axis": {"labelAngle": -45, "labelOverlap": True},
                },
                "y": {
                    "field": "people",
                    "type": "quantitative",
                    "title": "Attended",
                    "stack": True,
                },
                "color": {
                    "field": "side",
                    "type": "nominal",
                    "title": "Partners",
                    "scale": side_scale(present or ["Employers"]),
                },
                "order": {"field": "order"},
                "tooltip": [
                    {"field": "title", "title": "Meeting"},
                    {"field": "meeting", "title": "Date"},
                    {"field": "side", "title": "Partners"},
                    {"field": "people", "title": "People"},
                ],
            },
        }
    )


@dataclass
class Cadence:
    last: Meeting | None
    next: Meeting | None
    days_since_last: int | None
    held: int
    held_without_objective: list[Meeting] = field(default_factory=list)
    held_without_decisions: list[Meeting] = field(default_factory=list)
    overdue: list[ActionItem] = field(default_factory=list)


def cadence(partnership: Partnership, *, now: dt.datetime | None = None) -> Cadence:
    now = now or timezone.now()
    meetings = list(
        Meeting.objects.filter(partnership=partnership)
        .annotate(has_decisions=Exists(Decision.objects.filter(meeting=OuterRef("pk"))))
        .order_by("starts_at")
    )
    held = [m for m in meetings if m.starts_at <= now]
    upcoming = [m for m in meetings if m.starts_at > now]
    last = held[-1] if held else None
    return Cadence(
        last=last,
        next=upcoming[0] if upcoming else None,
        days_since_last=(timezone.localdate(now) - timezone.localdate(last.starts_at)).days
        if last
        else None,
        held=len(held),
        held_without_objective=[m for m in held if not m.objective.strip()],
        held_without_decisions=[m for m in held if not m.has_decisions],
        overdue=list(overdue_action_items(partnership, today=timezone.localdate(now))),
    )


def decisions_of(partnership: Partnership) -> QuerySet[Decision]:
    return (
        Decision.objects.filter(partnership=partnership)
        .select_related("meeting", "touch")
        .prefetch_related(*PLAN_LINKS)
        .annotate(action_item_count=Count("action_items", distinct=True))
        .order_by("-decided_on", "-id")
    )


WHERE_CHOICES = [
    ("", "Anywhere"),
    ("meeting", "At a meeting"),
    ("touch", "In a one-on-one conversation"),
    ("none", "Not recorded"),
]


def decisions_search(
    partnership: Partnership,
    *,
    q: str = "",
    where: str = "",
    meeting_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[Decision]:
    """The decision log, filtered: words in the text or who decided, where, when."""
    qs = decisions_of(partnership)
    for word in q.split()[:10]:
        qs = qs.filter(Q(text__icontains=word) | Q(decided_by__icontains=word))
    if where == "meeting":
        qs = qs.filter(meeting__isnull=False)
    elif where == "touch":
        qs = qs.filter(touch__isnull=False)
    elif where == "none":
        qs = qs.filter(meeting__isnull=True, touch__isnull=True)
    if meeting_id:
        qs = qs.filter(meeting_id=meeting_id)
    if date_from:
        qs = qs.filter(decided_on__gte=date_from)
    if date_to:
        qs = qs.filter(decided_on__lte=date_to)
    return qs


def decision_page_queryset() -> QuerySet[Decision]:
    return Decision.objects.select_related(
        "partnership", "partnership__workspace", "meeting", "touch"
    ).prefetch_related(
        Prefetch("action_items", queryset=ActionItem.objects.select_related("owner")),
        "touch__people",
    )


def decision_links(decision: Decision) -> dict[str, list[Any]]:
    """What the decision changed in the plan (the planning app's issues and goals)."""
    return {"Issues": list(decision.issues.all()), "Goals": list(decision.goals.all())}


# --- declared interests of the people deciding -------------------------------------


@dataclass(frozen=True)
class InterestAtDecision:
    """A declared interest (conflict of interest) of somebody who took part in a decision."""

    who: str
    kind: str  # the kind's label, as the model displays it
    organisation: str
    description: str
    declared_on: dt.date
    because: str  # why this person counts among those deciding
    declared_later: bool  # declared after the decision (it may well have been held before)
    names_organisation: bool  # the decision's text names the organisation the interest is in
    interest_id: int | None = None  # the DeclaredInterest
    person_id: int | None = None  # the registry person, if the declaration names one
    organisation_id: int | None = None
    kind_code: str = ""  # the kind as stored (InterestKind value)
    ended_on: dt.date | None = None  # no longer held from (after the decision)

    def summary(self) -> str:
        """One line for an export: who, the kind, the organisation, when declared, what."""
        what = ", ".join(part for part in (self.kind, self.organisation) if part)
        notes = [f"declared {self.declared_on:%Y-%m-%d}"]
        if self.declared_later:
            notes.append("after the decision")
        if self.names_organisation:
            notes.append(f"the decision names {self.organisation}")
        text = f"{self.who}: {what} ({'; '.join(notes)})"
        description = " ".join(self.description.split())
        return f"{text}. {description}" if description else text


def _declarer(interest: Any) -> str:
    return interest.declared_by or (interest.person.name if interest.person_id else "")


def _named_in(name: str, text: str) -> bool:
    name = name.strip()
    if len(name) < 3 or not text:
        return False
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags=re.IGNORECASE) is not None


def interests_at_decisions(
    partnership: Partnership, decisions: Iterable[Decision], *, membership: Membership
) -> dict[int, list[InterestAtDecision]]:
    """The declared interests of the people deciding each decision, held on its date.

    The people deciding: those who attended the meeting where it was made (its
    invitees while attendance is not recorded, as in the employer-led check), the
    people of the one-on-one conversation where it was made, and anybody whose
    declaration names them among "who decided". The declarations are the
    ``intermediaries`` app's, as the reader's ``membership`` may see them
    (``intermediaries.selectors.interests_visible``: the team sees them all, a
    partner-role member those shared with partners). At most three queries for any
    number of decisions.
    """
    decisions = list(decisions)
    out: dict[int, list[InterestAtDecision]] = {d.pk: [] for d in decisions}
    if not decisions:
        return out
    declared = list(interests_visible(partnership, membership))
    if not declared:
        return out
    meeting_ids = {d.meeting_id for d in decisions if d.meeting_id}
    rows: dict[int, list[tuple[int, bool, bool | None]]] = defaultdict(list)
    for meeting_id, person_id, invited, came in Attendance.objects.filter(
        meeting_id__in=meeting_ids
    ).values_list("meeting_id", "person_id", "invited", "attended"):
        rows[meeting_id].append((person_id, invited, came))
    at_meeting: dict[int, dict[int, str]] = {}
    for meeting_id, people in rows.items():
        recorded = any(came is not None for _, _, came in people)
        at_meeting[meeting_id] = {
            person_id: "attended the meeting" if recorded else "invited to the meeting"
            for person_id, invited, came in people
            if (came if recorded else invited)
        }
    in_touch: dict[int, dict[int, str]] = defaultdict(dict)
    touch_ids = {d.touch_id for d in decisions if d.touch_id}
    if touch_ids:
        for touch_id, person_id in Touch.people.through.objects.filter(
            touch_id__in=touch_ids
        ).values_list("touch_id", "person_id"):
            in_touch[touch_id][person_id] = "in the conversation"
    for d in decisions:
        deciding = {
            **in_touch.get(d.touch_id or 0, {}),
            **at_meeting.get(d.meeting_id or 0, {}),
        }
        for interest in declared:
            if interest.ended_on is not None and interest.ended_on <= d.decided_on:
                continue
            who = _declarer(interest)
            because = deciding.get(interest.person_id or 0) or (
                "named among who decided" if _named_in(who, d.decided_by) else ""
            )
            if not because:
                continue
            organisation = interest.organisation.name if interest.organisation else ""
            out[d.pk].append(
                InterestAtDecision(
                    who=who,
                    kind=interest.get_kind_display(),
                    organisation=organisation,
                    description=interest.description,
                    declared_on=interest.declared_on,
                    because=because,
                    declared_later=interest.declared_on > d.decided_on,
                    names_organisation=_named_in(organisation, d.text),
                    interest_id=interest.pk,
                    person_id=interest.person_id,
                    organisation_id=interest.organisation_id,
                    kind_code=interest.kind,
                    ended_on=interest.ended_on,
                )
            )
        out[d.pk].sort(key=lambda i: (not i.names_organisation, i.who.lower(), i.organisation))
    return out


def with_interests(
    decisions: Iterable[Decision], *, membership: Membership, partnership: Partnership | None = None
) -> list[Decision]:
    """The decisions, each with ``interests`` (``interests_at_decisions``) attached, as
    the reader (``membership``, in the decisions' workspace) may see them.

    For the pages, the API and the CSV export alike. Decisions of several
    partnerships are grouped by partnership: ``partnership`` when given, else
    the partnerships read in one query (none when each decision has it loaded).
    Each partnership then costs at most three queries, whatever the number of
    decisions.
    """
    decisions = list(decisions)
    partnerships: dict[int, Partnership] = {}
    if partnership is not None:
        partnerships[partnership.pk] = partnership
    for d in decisions:
        if d.partnership_id not in partnerships and Decision.partnership.is_cached(d):
            partnerships[d.partnership_id] = d.partnership
    missing = {d.partnership_id for d in decisions} - set(partnerships)
    if missing:
        partnerships.update(Partnership.objects.in_bulk(missing))
    groups: dict[int, list[Decision]] = defaultdict(list)
    for d in decisions:
        groups[d.partnership_id].append(d)
    for partnership_id, group in groups.items():
        interests = interests_at_decisions(
            partnerships[partnership_id], group, membership=membership
        )
        for d in group:
            d.interests = interests[d.pk]  # type: ignore[attr-defined]  # read by pages, API, CSV
    return decisions


def action_items_of(
    partnership: Partnership, *, status: str = "", owner_id: int | None = None
) -> QuerySet[ActionItem]:
    qs = ActionItem.objects.filter(partnership=partnership).select_related(
        "owner", "owner__organisation", "meeting", "decision"
    )
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if owner_id:
        qs = qs.filter(owner_id=owner_id)
    return qs.order_by(Coalesce("due_on", dt.date.max), "id")


def overdue_action_items(partnership: Partnership, *, today: dt.date) -> QuerySet[ActionItem]:
    return (
        ActionItem.objects.filter(
            partnership=partnership, status__in=OPEN_STATUSES, due_on__lt=today
        )
        .select_related("owner")
        .order_by("due_on", "id")
    )


def my_action_items(membership: Membership, user: Any) -> QuerySet[ActionItem]:
    """Action items owned by the person records linked to ``user`` in this workspace.

    A partner-role member sees only those of the partnerships shared with them.
    """
    qs = ActionItem.objects.filter(
        workspace_id=membership.workspace_id, owner__user=user
    ).select_related("partnership", "meeting", "owner")
    if not membership.on_team:
        qs = qs.filter(partnership__in=membership.partnerships.all())
    return qs.order_by(Coalesce("due_on", dt.date.max), "id")


def active_feeds(partnership: Partnership) -> QuerySet[CalendarFeed]:
    return CalendarFeed.objects.filter(partnership=partnership, revoked_at__isnull=True)
