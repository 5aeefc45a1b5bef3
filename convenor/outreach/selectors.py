"""Reads for the outreach log: touches, challenges heard across employers, follow-ups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connections, router
from django.db.models import (
    Avg,
    CharField,
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast, Collate
from django.utils import timezone

from convenor.lib.challenges import Challenge
from convenor.lib.findings import Finding
from convenor.lib.prepared import Prepared
from convenor.lib.request_memo import per_request
from convenor.outreach.coordination import WINDOW_DAYS, EmployerTouch, coordination_findings
from convenor.outreach.models import Method, PointOfContact, Touch, TouchChallenge
from convenor.partners.models import Category, Organisation, PartnershipMember, Person
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
        # The index holds a row per employer reached; its primary row is one per touch.
        qs = qs.filter(challenge_rows__challenge=challenge, challenge_rows__primary=True)
    return qs.order_by("-occurred_on", "-id")


def touches_of_person(person: Person) -> QuerySet[Touch]:
    return person.touches.select_related("partnership").order_by("-occurred_on", "-id")


# --- the one definition of "employers reached" ------------------------------------
#
# A touch reached an employer when it reached one of its people, or the employer
# organisation itself (a company tour, a trade show stand). A challenge coded on the
# touch was then "raised" by that employer. Every count of employers reached or of
# employers per challenge (outreach, planning, meetings, assessment, the guide) reads
# the functions below, so the pages, the API and the reports agree by construction.


def employer_pairs(touch_filter: Q) -> QuerySet[Any]:
    """``{"tid": touch id, "org": organisation id}`` of every employer the matching touches reached,
    through their people and directly; ``touch_filter`` is on ``Touch`` (e.g.
    ``Q(pk__in=ids)``). One query (a UNION of the two kinds of link)."""
    via_people = (
        Touch.people.through.objects.filter(
            _prefixed(touch_filter), person__organisation__category=Category.EMPLOYER
        )
        .values(tid=F("touch_id"), org=F("person__organisation_id"))
        .order_by()
    )
    via_orgs = (
        Touch.organisations.through.objects.filter(
            _prefixed(touch_filter), organisation__category=Category.EMPLOYER
        )
        .values(tid=F("touch_id"), org=F("organisation_id"))
        .order_by()
    )
    return via_people.union(via_orgs)


def _prefixed(touch_filter: Q) -> Q:
    """``touch_filter`` rewritten for a through table's ``touch`` foreign key."""
    out = Q(_connector=touch_filter.connector, _negated=touch_filter.negated)
    for child in touch_filter.children:
        if isinstance(child, Q):
            out.children.append(_prefixed(child))
        else:
            key, value = child  # type: ignore[misc]  # a Q's leaves are (lookup, value)
            out.children.append((f"touch__{key}", value))
    return out


def employers_reached(touch_ids: Iterable[int]) -> dict[int, set[int]]:
    """The employer organisations each touch reached (see ``employer_pairs``)."""
    ids = list(touch_ids)
    reached: dict[int, set[int]] = {pk: set() for pk in ids}
    for pair in employer_pairs(Q(pk__in=ids)):
        reached[pair["tid"]].add(pair["org"])
    return reached


@per_request
def employers_by_challenge(partnership_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Per partnership and challenge code, how many distinct employers raised it.

    Reads the ``TouchChallenge`` index (one grouped query on its covering index),
    which ``services.sync_touches`` fills from ``employers_reached``.
    """
    out: dict[int, dict[str, int]] = {pk: {} for pk in partnership_ids}
    for pid, code, n in _EMPLOYERS_BY_CHALLENGE(list(out)):
        out[pid][code] = n
    return out


# Asked on every view of a partnership: built once per process and shape (lib.prepared).
_EMPLOYERS_BY_CHALLENGE = Prepared(
    lambda ids: (
        TouchChallenge.objects.filter(partnership_id__in=ids, organisation__isnull=False)
        .order_by()
        .values("partnership_id", "challenge")
        .annotate(n=Count("organisation", distinct=True))
        .values_list("partnership_id", "challenge", "n")
    )
)


@dataclass
class EmployerReach:
    """How far the partnership's touches reached into employers."""

    touches: int = 0  # touches that reached at least one employer
    one_on_ones: int = 0  # of which one-on-one conversations
    employers: int = 0  # distinct employer organisations reached
    last_on: dt.date | None = None  # the last touch that reached one


def employer_reach(partnership_ids: Iterable[int]) -> dict[int, EmployerReach]:
    """Per partnership, its touches that reached employers (``employer_pairs``): one
    query, grouped in the database however many touches there are."""
    out = {pk: EmployerReach() for pk in partnership_ids}
    if not out:
        return out
    pairs = employer_pairs(Q(partnership_id__in=list(out)))
    db = pairs.db
    pairs_sql, params = pairs.query.get_compiler(using=db).as_sql()
    touch_table = Touch._meta.db_table
    # The pairs' query is the ORM's (values are parameters); the rest is constant.
    query = (
        f"SELECT t.partnership_id, COUNT(DISTINCT t.id), "  # noqa: S608
        "COUNT(DISTINCT CASE WHEN t.method = %s THEN t.id END), "
        "COUNT(DISTINCT p.org), MAX(t.occurred_on) "
        f"FROM ({pairs_sql}) AS p "
        f"JOIN {touch_table} AS t ON t.id = p.tid GROUP BY t.partnership_id"
    )
    with connections[db].cursor() as cursor:
        cursor.execute(query, [Method.ONE_ON_ONE, *params])
        for pid, touches, one_on_ones, employers, last in cursor.fetchall():
            out[pid] = EmployerReach(
                touches=touches,
                one_on_ones=one_on_ones,
                employers=employers,
                last_on=dt.date.fromisoformat(last) if isinstance(last, str) else last,
            )
    return out


# The challenges page shows each challenge's employer names joined by ", " and cut at
# 200 characters. Names are kept in code-point order (Python's ``sorted``), and however
# short they are, 102 of them with their separators run past 200 characters, so the
# first 102 show exactly what the full list would.
EMPLOYER_NAMES_KEPT = 102

# Code-point order in the database, as ``sorted`` orders strings in Python.
_CODE_POINT_COLLATION = {"postgresql": "C", "sqlite": "BINARY"}


@dataclass
class ChallengeCount:
    code: str
    label: str
    employers: int  # distinct employer organisations that raised it
    touches: int
    average_pain: float | None
    # When asked for names: the first EMPLOYER_NAMES_KEPT employers' names, sorted.
    employer_names: list[str] = field(default_factory=list)

    @property
    def shared(self) -> bool:
        """Raised by more than one employer: shared across the industry, not one firm."""
        return self.employers > 1


# ``primary=True`` would be written as a bare boolean column, which SQLite does not match
# against the index (it then reads every row of the partnership from the table);
# compared with a value it is an index range on (partnership, primary). Built once per
# process (lib.prepared): every view of a partnership asks it.
_CHALLENGE_TOTALS = Prepared(
    lambda pid: (
        TouchChallenge.objects.filter(partnership_id=pid, primary=Value(True))
        .order_by()
        .values("challenge")
        .annotate(touches=Count("*"), pain=Avg("pain_level"))
    )
)


def challenge_counts(partnership: Partnership, *, with_names: bool = False) -> list[ChallengeCount]:
    """Per challenge heard: how many distinct employers raised it, in how many touches.

    An employer "raised" a challenge when a touch coded with it reached one of its
    people, or reached the organisation itself (e.g. a company tour). Reads the
    ``TouchChallenge`` index: two grouped queries on its covering indexes, and one
    more for the names, however many touches there are.
    """
    totals = {r["challenge"]: r for r in _CHALLENGE_TOTALS(partnership.pk)}
    if not totals:
        return []
    employers = employers_by_challenge([partnership.pk])[partnership.pk]
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
        names = _first_employer_names(partnership, [c.code for c in counts if c.employers])
        for c in counts:
            c.employer_names = names.get(c.code, [])
    return counts


def _first_employer_names(partnership: Partnership, codes: list[str]) -> dict[str, list[str]]:
    """Per challenge code, the first ``EMPLOYER_NAMES_KEPT`` names of the employers that
    raised it, in code-point order: one query.

    Each code's part walks the workspace's organisations in name order (the index on
    workspace and name) and stops at the limit, asking the challenge index whether the
    organisation raised the code; the parts are joined with UNION ALL (a limited part
    must sit in a subquery for SQLite, which the ORM's ``union`` does not write). The
    ORM writes the part once, with a stand-in for the code among its parameters.
    """
    if not codes:
        return {}
    db = router.db_for_read(Organisation)
    collation = _CODE_POINT_COLLATION.get(connections[db].vendor)
    name = Collate(F("name"), collation) if collation else F("name")
    stand_in = "\x00code"  # no code, partnership or workspace id is equal to it
    raised = TouchChallenge.objects.filter(
        partnership=partnership, challenge=stand_in, organisation=OuterRef("pk")
    )
    part = (
        Organisation.objects.using(db)
        .filter(Exists(raised), workspace_id=partnership.workspace_id)
        # Cast: a typed column, whether the driver binds the code client- or server-side.
        .annotate(code=Cast(Value(stand_in), output_field=CharField(max_length=30)))
        .order_by(name, "pk")
        .values_list("code", "name")[:EMPLOYER_NAMES_KEPT]
    )
    sql, part_params = part.query.get_compiler(using=db).as_sql()
    parts: list[str] = []
    params: list[Any] = []
    for index, code in enumerate(codes):
        # Only the index goes into the text; the code is a parameter.
        parts.append(f"SELECT * FROM ({sql}) AS names_{index}")  # noqa: S608
        params.extend(code if value == stand_in else value for value in part_params)
    with connections[db].cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    names: dict[str, list[str]] = {}
    for code, org_name in rows:
        names.setdefault(code, []).append(org_name)
    return {code: sorted(kept) for code, kept in names.items()}


def due_follow_ups(
    workspace: Workspace, user: Any, *, horizon_days: int = 14, today: dt.date | None = None
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
    """Touches of the partnership, and open follow-ups overdue or due within a week.

    One pass over the partnership's entries in the ``touch_follow_up_summary`` index,
    which holds every column read here.
    """
    today = today or timezone.localdate()
    open_ = Q(follow_up_done=False, follow_up_on__isnull=False)
    # Counting an indexed column (never null where counted) lets PostgreSQL answer from
    # the index alone too; ``Count("*")`` takes no filter.
    return Touch.objects.filter(partnership=partnership).aggregate(
        total=Count("*"),
        overdue=Count("follow_up_on", filter=open_ & Q(follow_up_on__lt=today)),
        due_this_week=Count(
            "follow_up_on",
            filter=open_
            & Q(follow_up_on__gte=today, follow_up_on__lte=today + dt.timedelta(days=7)),
        ),
    )


# --- one voice to employers -----------------------------------------------------------------


def touches_of_employer(organisation: Organisation) -> QuerySet[Touch]:
    """Every touch in the workspace that reached the employer (the organisation or one of
    its people), by every partner organisation, newest first."""
    reached = Touch.objects.filter(workspace_id=organisation.workspace_id).filter(
        Q(organisations=organisation) | Q(people__organisation=organisation)
    )
    return (
        Touch.objects.filter(pk__in=reached.values("pk"))
        .select_related("partnership", "by_organisation", "follow_up_owner")
        .prefetch_related("people")
        .order_by("-occurred_on", "-id")
    )


def _employer_touches(
    workspace_id: int, since: dt.date, employer_ids: set[int] | None
) -> list[EmployerTouch]:
    """The window's touches made by a partner organisation, one row per employer reached."""
    base = Touch.objects.filter(
        workspace_id=workspace_id, occurred_on__gte=since, by_organisation__isnull=False
    )
    rows: dict[tuple[int, int], EmployerTouch] = {}
    direct = Touch.organisations.through.objects.filter(
        touch__in=base, organisation__category=Category.EMPLOYER
    ).values_list(
        "touch_id",
        "organisation_id",
        "organisation__name",
        "touch__by_organisation_id",
        "touch__by_organisation__name",
        "touch__purpose",
        "touch__occurred_on",
    )
    through_people = Touch.people.through.objects.filter(
        touch__in=base, person__organisation__category=Category.EMPLOYER
    ).values_list(
        "touch_id",
        "person__organisation_id",
        "person__organisation__name",
        "touch__by_organisation_id",
        "touch__by_organisation__name",
        "touch__purpose",
        "touch__occurred_on",
    )
    for touch_id, org_id, org_name, by_id, by_name, purpose, on in [*direct, *through_people]:
        if employer_ids is not None and org_id not in employer_ids:
            continue
        if org_id == by_id:
            continue  # the employer's own call
        rows[(touch_id, org_id)] = EmployerTouch(org_id, org_name, by_id, by_name, purpose, on)
    return list(rows.values())


def _contacts(employer_ids: Iterable[int]) -> dict[int, str]:
    return {
        c.employer_id: f"{c.person.name} ({c.person.organisation})"
        if c.person.organisation_id
        else c.person.name
        for c in PointOfContact.objects.filter(employer_id__in=list(employer_ids)).select_related(
            "person", "person__organisation"
        )
    }


# The partnership's employers: members, or reached in its outreach (each asked on every
# view of the partnership: built once per process, lib.prepared). The conditions are
# only the partnership's, so SQLite starts from its index on it: with "IS NOT NULL" or
# the organisation's category in the WHERE too, and no statistics, it walked every
# workspace's challenges or employers' people first (0.1-0.2 s for a small partnership
# beside a registry of 5,000 people; benchmarks/partners_scale.py).
_EMPLOYERS_OF = (
    Prepared(
        lambda pid: PartnershipMember.objects.filter(
            partnership_id=pid, organisation__category=Category.EMPLOYER
        ).values_list("organisation_id", flat=True)
    ),
    Prepared(
        lambda pid: (
            TouchChallenge.objects.filter(partnership_id=pid)
            .values_list("challenge", "organisation_id")
            .distinct()
        )
    ),
    Prepared(
        lambda pid: Touch.organisations.through.objects.filter(
            touch__partnership_id=pid, organisation__category=Category.EMPLOYER
        ).values_list("organisation_id", flat=True)
    ),
)
_PEOPLE_REACHED = Prepared(
    lambda pid: (
        Touch.people.through.objects.filter(touch__partnership_id=pid)
        .values_list("person__organisation_id", "person__organisation__category")
        .distinct()
    )
)


def coordination(partnership: Partnership, *, today: dt.date | None = None) -> list[Finding]:
    """Uncoordinated asks to the partnership's employers (members, or reached in its
    outreach), counting every partner organisation's touches in the workspace."""
    today = today or timezone.localdate()
    members, challenged, direct = (ask(partnership.pk) for ask in _EMPLOYERS_OF)
    employers = {*members, *direct, *(org for _, org in challenged)}
    employers |= {
        org for org, category in _PEOPLE_REACHED(partnership.pk) if category == Category.EMPLOYER
    }
    employers.discard(None)
    rows = _employer_touches(
        partnership.workspace_id, today - dt.timedelta(days=WINDOW_DAYS), employers
    )
    return coordination_findings(rows, _contacts({r.employer_id for r in rows}), today=today)


def coordination_in_workspace(workspace_id: int, *, today: dt.date | None = None) -> list[Finding]:
    """The same finding over every employer of the workspace (the follow-ups list)."""
    today = today or timezone.localdate()
    rows = _employer_touches(workspace_id, today - dt.timedelta(days=WINDOW_DAYS), None)
    return coordination_findings(rows, _contacts({r.employer_id for r in rows}), today=today)


# --- elected officials kept informed ----------------------------------------------------------

# A briefing: a touch whose purpose says so, or the delivery of an update (comms logs
# each recipient's update as an e-mail touch and links it as ``update_delivery``).
BRIEFING = Q(purpose__icontains="briefing") | Q(update_delivery__isnull=False)


@dataclass
class Briefings:
    """The last briefing of each elected official, per partnership."""

    by_person: dict[tuple[int, int], dt.date] = field(default_factory=dict)
    by_organisation: dict[tuple[int, int], dt.date] = field(default_factory=dict)

    def last(
        self, partnership_id: int, person_id: int | None, organisation_id: int | None
    ) -> dt.date | None:
        """A member's last briefing: the person's, or the organisation's (itself or anyone
        at it), whichever is later."""
        dates = []
        if person_id is not None:
            dates.append(self.by_person.get((partnership_id, person_id)))
        if organisation_id is not None:
            dates.append(self.by_organisation.get((partnership_id, organisation_id)))
        known = [d for d in dates if d is not None]
        return max(known) if known else None


def _briefing_touches(ids: list[int]) -> QuerySet[Touch]:
    return Touch.objects.filter(partnership_id__in=ids).filter(BRIEFING)


_PEOPLE_BRIEFED = Prepared(
    lambda ids: (
        Touch.people.through.objects.filter(
            touch__in=_briefing_touches(ids), person__organisation__category=Category.ELECTED
        )
        .values_list("touch__partnership_id", "person_id", "person__organisation_id")
        .annotate(last=Max("touch__occurred_on"))
    )
)
_ORGANISATIONS_BRIEFED = Prepared(
    lambda ids: (
        Touch.organisations.through.objects.filter(
            touch__in=_briefing_touches(ids), organisation__category=Category.ELECTED
        )
        .values_list("touch__partnership_id", "organisation_id")
        .annotate(last=Max("touch__occurred_on"))
    )
)


@per_request
def briefings(partnership_ids: Iterable[int]) -> Briefings:
    """Last briefings of elected officials (people and organisations), in two grouped
    queries whatever the number of partnerships."""
    ids = list(partnership_ids)
    out = Briefings()
    for partnership_id, person_id, organisation_id, last in _PEOPLE_BRIEFED(ids):
        out.by_person[(partnership_id, person_id)] = last
        key = (partnership_id, organisation_id)
        out.by_organisation[key] = max(last, out.by_organisation.get(key, last))
    for partnership_id, organisation_id, last in _ORGANISATIONS_BRIEFED(ids):
        key = (partnership_id, organisation_id)
        out.by_organisation[key] = max(last, out.by_organisation.get(key, last))
    return out
