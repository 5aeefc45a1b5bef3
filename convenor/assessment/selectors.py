"""Gather the facts of one or many partnerships in a fixed number of queries.

Reads the spine fields of the other apps (partners, outreach, meetings, planning,
regions, intermediaries), imported directly: a renamed model or field fails here,
loudly, rather than leaving a rule silent.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from convenor.assessment.facts import (
    EMPLOYER,
    ActionFact,
    AnswerFact,
    BenchmarkFact,
    ConvenerFact,
    DeciderFact,
    DecisionFact,
    IssueFact,
    MeetingFact,
    MemberFact,
    PartnershipFacts,
    SiblingFact,
    TensionFact,
)
from convenor.assessment.models import (
    GroupPhaseNote,
    LifecycleMove,
    ReadinessAnswer,
    Tension,
    TensionStatus,
)
from convenor.audit.models import AuditEntry
from convenor.intermediaries.models import ConvenerTerm
from convenor.intermediaries.selectors import IntermediaryFacts, intermediary_facts
from convenor.lib.findings import Severity
from convenor.lib.prepared import Prepared
from convenor.meetings.models import ActionItem, Attendance, Decision, Meeting
from convenor.occupations.models import OccupationEvidence
from convenor.outreach.models import FACE_TO_FACE, Method, Touch
from convenor.outreach.selectors import briefings, employer_reach, employers_by_challenge
from convenor.partners.mix import MixMember, partner_mix
from convenor.partners.models import PartnershipMember
from convenor.partners.selectors import unions_of
from convenor.partners.sides import INDUSTRY_CATEGORIES, PUBLIC_CATEGORIES, in_target_industry
from convenor.partnerships.models import Partnership
from convenor.planning.models import Benchmark, Goal, Issue, IssueEvidence, Resource
from convenor.planning.plan.services import BENCHMARK_FIELDS
from convenor.planning.selectors import employer_counts
from convenor.regions.models import AnalysisSnapshot
from convenor.workspaces.models import Membership, Role

M = TypeVar("M", ReadinessAnswer, Tension)

# A decision about the effort's name: "name the effort", "renamed", "named it ...".
NAMING = re.compile(r"\b(re)?name[ds]?\b", re.IGNORECASE)


def partnership_facts(
    partnerships: Iterable[Partnership],
    *,
    team: bool,
    now: dt.datetime | None = None,
    extras: bool = True,
) -> dict[int, PartnershipFacts]:
    """Facts of every partnership given, by id, in a fixed number of queries.

    ``team`` is whether the reader is on the workspace team (``Access.TEAM``): for a
    partner at the table the staff's readiness answers and the tension register hold
    only what the team shared with partners, so every figure and finding she reads is
    computed from what she may see.

    ``extras=False`` leaves out what only the self-check and the life-cycle page
    use (the workspace's other partnerships and staff, group phases, declared
    interests), for the partnership page's guide and the workspace overview.
    """
    partnerships = list(partnerships)
    if not partnerships:
        return {}
    now = now or timezone.now()
    today = timezone.localdate(now)
    ids = [p.pk for p in partnerships]
    workspace_ids = {p.workspace_id for p in partnerships}

    facts = {
        p.pk: PartnershipFacts(
            id=p.pk,
            name=p.name,
            stage=p.stage,
            today=today,
            now=now,
            industry_naics=p.industry_naics,
            industry_title=p.industry_title,
            region=p.region,
            has_mission=bool(p.mission.strip()),
            started_on=p.started_on,
            created_on=timezone.localdate(p.created_at) if p.created_at else None,
            updated_on=timezone.localdate(p.updated_at) if p.updated_at else None,
        )
        for p in partnerships
    }

    _members(facts, ids)
    _mix(facts, partnerships)
    _touches(facts, ids)
    _meetings(facts, ids)
    _actions_and_decisions(facts, ids)
    _plan(facts, ids)
    _analyses(facts, ids)
    _resource_map(facts, ids)
    _name_revisited(facts, ids)
    _intermediaries(facts, ids, today, interests=extras)
    _own(facts, ids, team=team, phases=extras)
    if extras:
        _workspace(facts, partnerships, workspace_ids)
    else:
        for p in partnerships:
            facts[p.pk].workspace_name = p.workspace.name
    return facts


def _member_rows(ids: list[int]) -> QuerySet[PartnershipMember, dict[str, Any]]:
    # A link of the person to a touch of this partnership. Written from the person's
    # links (indexed by person) with the touch looked up by its key: written the other
    # way round, SQLite walks every touch of the partnership for each member not reached.
    of_partnership = Touch.objects.filter(
        pk=OuterRef("touch_id"), partnership_id=OuterRef(OuterRef("partnership_id"))
    )
    reached = Touch.people.through.objects.filter(person_id=OuterRef("person_id")).filter(
        Exists(of_partnership)
    )
    # Met one-on-one in this partnership: the person, or the organisation itself.
    one_on_one = Touch.objects.filter(
        partnership_id=OuterRef(OuterRef("partnership_id")),
        method=Method.ONE_ON_ONE,
        pk=OuterRef("touch_id"),
    )
    person_met = Touch.people.through.objects.filter(person_id=OuterRef("person_id")).filter(
        Exists(one_on_one)
    )
    org_met = Touch.organisations.through.objects.filter(
        organisation_id=Coalesce(OuterRef("organisation_id"), OuterRef("person__organisation_id"))
    ).filter(Exists(one_on_one))
    # Met face to face in this partnership (the partner mix's rule for a naysayer).
    face_to_face = Touch.objects.filter(
        partnership_id=OuterRef(OuterRef("partnership_id")),
        method__in=FACE_TO_FACE,
        pk=OuterRef("touch_id"),
    )
    person_face = Touch.people.through.objects.filter(person_id=OuterRef("person_id")).filter(
        Exists(face_to_face)
    )
    rows = (
        PartnershipMember.objects.filter(partnership_id__in=ids)
        .annotate(
            touched=Exists(reached),
            one_on_one=Exists(person_met) | Exists(org_met),
            met=Exists(person_face),
        )
        .values(
            "partnership_id",
            "role",
            "stage",
            "organisation_id",
            "organisation__category",
            "organisation__education_type",
            "person_id",
            "person__organisation_id",
            "person__organisation__category",
            "person__organisation__education_type",
            "person__is_employer_champion",
            "person__is_decision_maker",
            "person__has_ear_of_decision_maker",
            "person__name",
            "organisation__name",
            "person__authority_level",
            "person__is_naysayer",
            "person__is_data_resource",
            "touched",
            "one_on_one",
            "met",
            "organisation__naics_code",
            "person__organisation__naics_code",
            "organisation__employees",
            "person__organisation__employees",
        )
    )
    return rows


# Built by the ORM once per process and shape; every page view binds its ids
# (lib.prepared: building it cost ten times what running it does).
_MEMBER_ROWS = Prepared(_member_rows)


def _members(facts: dict[int, PartnershipFacts], ids: list[int]) -> None:
    for r in _MEMBER_ROWS(ids):
        facts[r["partnership_id"]].members.append(
            MemberFact(
                category=r["organisation__category"] or r["person__organisation__category"] or "",
                stage=r["stage"],
                role=r["role"],
                organisation_id=r["organisation_id"] or r["person__organisation_id"],
                person_id=r["person_id"],
                is_champion=bool(r["person__is_employer_champion"]),
                is_decision_maker=bool(r["person__is_decision_maker"]),
                has_ear=bool(r["person__has_ear_of_decision_maker"]),
                name=r["person__name"] or r["organisation__name"] or "",
                authority_level=r["person__authority_level"] or "",
                is_naysayer=bool(r["person__is_naysayer"]),
                is_data_resource=bool(r["person__is_data_resource"]),
                touched=bool(r["touched"]),
                met=bool(r["met"]),
                education_type=r["organisation__education_type"]
                or r["person__organisation__education_type"]
                or "",
                naics=(
                    r["organisation__naics_code"]
                    if r["organisation_id"]
                    else r["person__organisation__naics_code"]
                )
                or "",
                employees=r["organisation__employees"]
                if r["organisation_id"]
                else r["person__organisation__employees"],
                one_on_one=bool(r["one_on_one"]),
            )
        )


def _mix(facts: dict[int, PartnershipFacts], partnerships: list[Partnership]) -> None:
    """The partners app's own mix findings over the same members ("stakeholders from the
    partner mix findings"), with the same target industry and unions as its page."""
    unions = unions_of(partnerships)
    briefed = briefings(list(facts))
    for f in facts.values():
        f.unions_present, f.unions = unions[f.id].present, unions[f.id].names
        f.mix = partner_mix(
            [
                MixMember(
                    name=m.name,
                    category=m.category,
                    role=m.role,
                    stage=m.stage,
                    is_decision_maker=m.is_decision_maker,
                    has_ear_of_decision_maker=m.has_ear,
                    authority_level=m.authority_level,
                    is_naysayer=m.is_naysayer,
                    is_employer_champion=m.is_champion,
                    is_data_resource=m.is_data_resource,
                    touched=m.met,
                    last_briefed=briefed.last(f.id, m.person_id, m.organisation_id),
                    naics=m.naics,
                )
                for m in f.members
            ],
            unions_present=f.unions_present,
            unions=f.unions,
            target=f.industry_naics,
        )


# The guide's questions are asked on every view of a partnership: built by the ORM once
# per process and shape, then run with the page's ids (lib.prepared).
_TOUCH_DAYS = Prepared(
    lambda ids: (
        Touch.objects.filter(partnership_id__in=ids)
        .values_list("partnership_id", "occurred_on")
        .annotate(n=Count("id"))
        .order_by()
    )
)


def _touches(facts: dict[int, PartnershipFacts], ids: list[int]) -> None:
    """Touch counts, grouped in the database: two queries whatever the number of
    touches, people and employers."""
    # Per partnership and day (the covering index on partnership and date): the total,
    # the monthly counts and the last touch. By day rather than by month because
    # truncating dates is a Python function on SQLite, called once per touch.
    for pid, day, n in _TOUCH_DAYS(ids):
        f = facts[pid]
        month = day.replace(day=1)
        f.touches_by_month[month] = f.touches_by_month.get(month, 0) + n
        f.touches += n
        if f.last_touch_on is None or day > f.last_touch_on:
            f.last_touch_on = day
    _employer_links(facts, ids)


def _employer_links(facts: dict[int, PartnershipFacts], ids: list[int]) -> None:
    """Employers reached and the challenges they raised: the outreach app's one count."""
    reach = employer_reach(ids)
    by_challenge = employers_by_challenge(ids)
    for pid, f in facts.items():
        r = reach[pid]
        f.employer_touches = r.touches
        f.employer_one_on_ones = r.one_on_ones
        f.employers_touched = r.employers
        f.last_employer_touch_on = r.last_on
        f.challenge_employers = by_challenge[pid]


def _industry_seats(ids: list[int]) -> QuerySet[Attendance, tuple[Any, ...]]:
    """Employers and associations who attended, with their industry."""
    return Attendance.objects.filter(
        meeting__partnership_id__in=ids,
        attended=True,
        person__organisation__category__in=INDUSTRY_CATEGORIES,
    ).values_list(
        "meeting_id", "person__organisation__category", "person__organisation__naics_code"
    )


def _meeting_rows(ids: list[int]) -> QuerySet[Meeting, dict[str, Any]]:
    attended = Q(attendance__attended=True)
    return (
        Meeting.objects.filter(partnership_id__in=ids)
        .annotate(
            n_invited=Count("attendance", distinct=True),
            n_attended=Count("attendance", filter=attended, distinct=True),
            n_public=Count(
                "attendance",
                filter=attended
                & Q(attendance__person__organisation__category__in=PUBLIC_CATEGORIES),
                distinct=True,
            ),
        )
        .values(
            "id",
            "partnership_id",
            "title",
            "starts_at",
            "ends_at",
            "objective",
            "is_kickoff",
            "n_invited",
            "n_attended",
            "n_public",
        )
        .order_by("starts_at")
    )


_INDUSTRY_SEATS = Prepared(_industry_seats)
_MEETING_ROWS = Prepared(_meeting_rows)


def _meetings(facts: dict[int, PartnershipFacts], ids: list[int]) -> None:
    # Whether a seat speaks for the target industry is the partners app's rule, applied
    # here in Python.
    industry: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for meeting_id, category, naics in _INDUSTRY_SEATS(ids):
        industry[meeting_id].append((category, naics))
    for r in _MEETING_ROWS(ids):
        f = facts[r["partnership_id"]]
        seats = industry.get(r["id"], [])
        voices = [c for c, n in seats if in_target_industry(c, n, f.industry_naics)]
        f.meetings.append(
            MeetingFact(
                starts_at=r["starts_at"],
                ends_at=r["ends_at"],
                title=r["title"],
                has_objective=bool((r["objective"] or "").strip()),
                is_kickoff=r["is_kickoff"],
                invited=r["n_invited"],
                attended=r["n_attended"],
                employers_attended=sum(1 for c in voices if c == EMPLOYER),
                associations_attended=sum(1 for c in voices if c != EMPLOYER),
                public_attended=r["n_public"],
                outside_attended=len(seats) - len(voices),
            )
        )


_ACTIONS = Prepared(
    lambda ids: ActionItem.objects.filter(partnership_id__in=ids).values(
        "partnership_id", "status", "due_on", "owner_id"
    )
)
_DECISIONS = Prepared(
    lambda ids: (
        Decision.objects.filter(partnership_id__in=ids)
        .values_list("partnership_id", "decided_on", "text", "decided_by", "meeting_id", "touch_id")
        .order_by("decided_on", "id")
    )
)


def _actions_and_decisions(facts: dict[int, PartnershipFacts], ids: list[int]) -> None:
    for r in _ACTIONS(ids):
        facts[r["partnership_id"]].actions.append(
            ActionFact(status=r["status"], due_on=r["due_on"], has_owner=r["owner_id"] is not None)
        )
    decisions = _DECISIONS(ids)
    deciders = _deciders({d[4] for d in decisions if d[4]}, {d[5] for d in decisions if d[5]})
    for pid, decided_on, text, decided_by, meeting_id, touch_id in decisions:
        people = deciders.get(("meeting", meeting_id)) or deciders.get(("touch", touch_id)) or ()
        facts[pid].decisions.append(
            DecisionFact(
                decided_on=decided_on, text=text, decided_by=decided_by, deciders=tuple(people)
            )
        )


def _deciders(
    meeting_ids: set[int], touch_ids: set[int]
) -> dict[tuple[str, int], list[DeciderFact]]:
    """Who made the decisions taken at these meetings (who attended, or before attendance
    is recorded who was invited, as meetings reads it) and in these conversations: their
    organisation's category and industry, and whether they sign in as an owner or staff
    member of the workspace. Three queries."""
    person = (
        "workspace_id",
        "person__organisation__category",
        "person__organisation__naics_code",
        "person__organisation_id",
        "person__user_id",
    )
    at_meeting: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for meeting_id, invited, came, *who in Attendance.objects.filter(
        meeting_id__in=meeting_ids
    ).values_list("meeting_id", "invited", "attended", *person):
        at_meeting[meeting_id].append((invited, came, *who))
    in_touch: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for touch_id, *who in Touch.people.through.objects.filter(touch_id__in=touch_ids).values_list(
        "touch_id", "touch__workspace_id", *person[1:]
    ):
        in_touch[touch_id].append(tuple(who))
    users = {w[-1] for rows in (*at_meeting.values(), *in_touch.values()) for w in rows if w[-1]}
    team = (
        set(
            Membership.objects.filter(
                user_id__in=users, role__in=[Role.OWNER, Role.STAFF]
            ).values_list("workspace_id", "user_id")
        )
        if users
        else set()
    )

    def fact(
        workspace: int, category: str | None, naics: str | None, org: int | None, user: int | None
    ) -> DeciderFact:
        return DeciderFact(category or "", naics or "", org, (workspace, user) in team)

    out: dict[tuple[str, int], list[DeciderFact]] = {}
    for meeting_id, rows in at_meeting.items():
        recorded = any(came is not None for _, came, *_ in rows)
        out[("meeting", meeting_id)] = [
            fact(*who) for invited, came, *who in rows if (came if recorded else invited)
        ]
    for touch_id, rows in in_touch.items():
        out[("touch", touch_id)] = [fact(*who) for who in rows]
    return out


_GOALS = Prepared(
    lambda ids: (
        Goal.objects.filter(partnership_id__in=ids)
        .annotate(
            n_bench=Count("benchmarks", distinct=True),
            n_actions=Count("action_items", distinct=True),
        )
        .values_list("partnership_id", "n_bench", "n_actions")
    )
)
_BENCHMARKS = Prepared(
    lambda ids: (
        Benchmark.objects.filter(partnership_id__in=ids)
        .values("id", "partnership_id", *BENCHMARK_FIELDS, "results__period_end", "results__value")
        .order_by("id", "results__period_end")
    )
)


def _plan(facts: dict[int, PartnershipFacts], ids: list[int]) -> None:
    issues: list[Issue] = list(
        Issue.objects.filter(partnership_id__in=ids)
        .annotate(n_ps=Count("problem_statements"))
        .only("id", "partnership_id", "title", "challenge", "status")
        .order_by("id")
    )
    # Planning's count, as its issue pages show it: the employers of the touches linked
    # to the issue and of every touch coded with its challenge.
    employers = employer_counts(issues)
    for i in issues:
        facts[i.partnership_id].issues.append(
            IssueFact(
                title=i.title,
                challenge=i.challenge,
                status=i.status,
                problem_statements=i.n_ps,  # type: ignore[attr-defined]
                employers=employers[i.pk],
            )
        )
    for pid, n_bench, n_actions in _GOALS(ids):
        f = facts[pid]
        f.goals += 1
        f.goals_with_benchmarks += n_bench > 0
        f.goals_with_actions += n_actions > 0
    benchmarks: dict[int, Any] = {}  # the first row of each benchmark
    results: dict[int, list[tuple[dt.date, float]]] = defaultdict(list)
    for r in _BENCHMARKS(ids):
        benchmarks.setdefault(r["id"], r)
        if r["results__period_end"] is not None:
            results[r["id"]].append((r["results__period_end"], float(r["results__value"])))
    for bid, r in benchmarks.items():
        facts[r["partnership_id"]].benchmarks.append(
            BenchmarkFact(
                indicator=r["indicator"],
                unit=r["unit"],
                baseline_value=float(r["baseline_value"]),
                baseline_on=r["baseline_on"],
                target_value=float(r["target_value"]),
                target_on=r["target_on"],
                results=tuple(results[bid]),
            )
        )


def _analyses(facts: dict[int, PartnershipFacts], ids: list[int]) -> None:
    """Saved regional analyses ("why this industry") of each partnership, and the saved
    analyses cited as evidence for an issue or a challenge (the data that verifies one)."""
    # One query for the three (the guide panel's query budget): a row per saved analysis
    # and per citation, tagged with what it is.
    saved = AnalysisSnapshot.objects.filter(partnership_id__in=ids).annotate(tag=Value("saved"))
    cited_regional = IssueEvidence.objects.filter(
        partnership_id__in=ids, analysis__isnull=False
    ).annotate(tag=Value("cited"))
    cited_occupation = OccupationEvidence.objects.filter(partnership_id__in=ids).annotate(
        tag=Value("cited")
    )
    rows = (
        q.order_by().values_list("partnership_id", "tag")
        for q in (saved, cited_regional, cited_occupation)
    )
    first = next(rows)
    for pid, tag in first.union(*rows, all=True):
        if tag == "saved":
            facts[pid].analyses += 1
        else:
            facts[pid].cited_analyses += 1


def _resource_map(facts: dict[int, PartnershipFacts], ids: list[int]) -> None:
    """Entries of the resource map (program scan) and when it was last reviewed or changed."""
    for pid, n, reviewed, changed in (
        Resource.objects.filter(partnership_id__in=ids)
        .order_by()
        .values("partnership_id")
        .annotate(n=Count("pk"), reviewed=Max("last_reviewed_on"), changed=Max("updated_at"))
        .values_list("partnership_id", "n", "reviewed", "changed")
    ):
        f = facts[pid]
        f.resource_map_entries = n
        dates = [reviewed] if reviewed else []
        dates += [timezone.localdate(changed)] if changed else []
        f.resource_map_updated_on = max(dates) if dates else None


def _name_revisited(facts: dict[int, PartnershipFacts], ids: list[int]) -> None:
    """The effort's name was changed after creation, or a decision was about the name."""
    ct = ContentType.objects.get_for_model(Partnership)
    for object_id in AuditEntry.objects.filter(
        content_type=ct,
        object_id__in=[str(i) for i in ids],
        action=AuditEntry.Action.UPDATE,
        changes__has_key="name",
    ).values_list("object_id", flat=True):
        facts[int(object_id)].name_revisited = True
    for f in facts.values():
        quoted = [q + f.name + e for q, e in (("'", "'"), ('"', '"'), ("\u201c", "\u201d"))]
        if any(NAMING.search(d.text) or any(q in d.text for q in quoted) for d in f.decisions):
            f.name_revisited = True


def _intermediaries(
    facts: dict[int, PartnershipFacts], ids: list[int], today: dt.date, *, interests: bool
) -> None:
    for pid, inter in intermediary_facts(ids, today, interests=interests).items():
        f = facts[pid]
        f.candidates = len(inter.candidates)
        f.candidates_scored = sum(1 for r in inter.candidates if r.score.value is not None)
        f.convener = convener_fact(inter)


def convener_fact(inter: IntermediaryFacts) -> ConvenerFact | None:
    if not inter.convener_name:
        return None
    critical = tuple(
        f.code
        for f in inter.conflicts
        if f.severity == Severity.CRITICAL and f.evidence.get("organisation") == inter.convener_name
    )
    return ConvenerFact(
        name=inter.convener_name,
        organisation_id=next((s.organisation_id for s in inter.subjects if s.is_convener), None),
        kind=inter.convener_kind,
        since=inter.convener_since,
        score=inter.convener_score,
        staffing=inter.convener_staffing,
        willing=inter.convener_willing,
        strengths=tuple(inter.convener_strengths),
        conflict_codes=critical,
    )


def _own(facts: dict[int, PartnershipFacts], ids: list[int], *, team: bool, phases: bool) -> None:
    for a in _visible(ReadinessAnswer.objects.filter(partnership_id__in=ids), team=team):
        facts[a.partnership_id].answers[a.question] = AnswerFact(
            status=a.status,
            answer=a.answer,
            evidence=tuple(a.evidence_lines()),
            answered_on=timezone.localdate(a.updated_at) if a.updated_at else None,
            data_seen=a.data_seen or {},
        )
    for move in LifecycleMove.objects.filter(partnership_id__in=ids).order_by("moved_on", "id"):
        f = facts[move.partnership_id]
        if move.to_stage == f.stage:
            f.stage_since = move.moved_on
    for f in facts.values():
        if f.stage_since is None:
            f.stage_since = f.started_on or f.created_on
    open_tensions = _visible(
        Tension.objects.filter(partnership_id__in=ids, status=TensionStatus.OPEN), team=team
    )
    for pid, kind, raised_on, what in open_tensions.order_by("raised_on", "id").values_list(
        "partnership_id", "kind", "raised_on", "what"
    ):
        facts[pid].open_tensions.append(TensionFact(kind, raised_on, what[:200]))
    if not phases:
        return
    for note in GroupPhaseNote.objects.filter(partnership_id__in=ids).order_by("noted_on", "id"):
        f = facts[note.partnership_id]
        if f.phase != note.phase:
            f.phase_since = note.noted_on
        f.phase = note.phase


def _workspace(
    facts: dict[int, PartnershipFacts], partnerships: list[Partnership], workspace_ids: set[int]
) -> None:
    staff = dict(
        Membership.objects.filter(workspace_id__in=workspace_ids, role__in=[Role.OWNER, Role.STAFF])
        .values("workspace_id")
        .annotate(n=Count("id"))
        .values_list("workspace_id", "n")
    )
    siblings: dict[int, list[SiblingFact]] = defaultdict(list)
    running: dict[int, int] = defaultdict(int)
    today = next(iter(facts.values())).today
    for p in Partnership.objects.filter(workspace_id__in=workspace_ids).select_related("workspace"):
        ended = p.ended_on is not None and p.ended_on <= today
        running[p.workspace_id] += not ended
        siblings[p.workspace_id].append(
            SiblingFact(
                id=p.pk,
                name=p.name,
                industry_naics=p.industry_naics,
                industry_title=p.industry_title,
                region=p.region,
                ended=ended,
            )
        )
        if p.pk in facts:
            facts[p.pk].workspace_name = p.workspace.name
    for p in partnerships:
        f = facts[p.pk]
        f.workspace_staff = staff.get(p.workspace_id, 0)
        f.workspace_running = running[p.workspace_id]
        f.siblings = [s for s in siblings[p.workspace_id] if s.id != p.pk]


def _visible(rows: QuerySet[M], *, team: bool) -> QuerySet[M]:
    """All rows for the workspace team; for a partner at the table, the shared ones."""
    return rows if team else rows.filter(shared_with_partners=True)


def answers_of(partnership: Partnership, *, team: bool) -> dict[str, ReadinessAnswer]:
    """The staff's answers, by question: the shared ones only unless ``team``."""
    rows = ReadinessAnswer.objects.filter(partnership=partnership).select_related("answered_by")
    return {a.question: a for a in _visible(rows, team=team)}


def timeline_of(partnership: Partnership) -> dict[str, Any]:
    """Rows of the partnership's timeline: stages, meetings, decisions, conveners, phases."""
    return {
        "moves": list(
            LifecycleMove.objects.filter(partnership=partnership).select_related(
                "moved_by", "decision"
            )
        ),
        "meetings": list(
            Meeting.objects.filter(partnership=partnership)
            .only("id", "title", "starts_at", "ends_at", "is_kickoff", "objective", "partnership")
            .order_by("starts_at")
        ),
        "decisions": list(
            Decision.objects.filter(partnership=partnership)
            .select_related("meeting")
            .order_by("decided_on", "id")
        ),
        "terms": list(ConvenerTerm.objects.filter(partnership=partnership).order_by("started_on")),
        "phases": list(GroupPhaseNote.objects.filter(partnership=partnership)),
    }


def tensions_of(partnership: Partnership, *, team: bool) -> list[Tension]:
    """The partnership's tensions (the shared ones only unless ``team``), open ones first
    (oldest first), then the others, newest first; with their meeting and organisations
    in two more queries."""
    rows = list(
        _visible(Tension.objects.filter(partnership=partnership), team=team)
        .select_related("meeting")
        .prefetch_related("organisations")
    )
    open_rows = sorted((t for t in rows if t.is_open), key=lambda t: (t.raised_on, t.pk))
    closed = sorted(
        (t for t in rows if not t.is_open),
        key=lambda t: (t.reconciled_on or t.raised_on, t.pk),
        reverse=True,
    )
    return open_rows + closed
