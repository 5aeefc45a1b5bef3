"""Reads for intermediary selection, in bounded queries for one or many partnerships."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from convenor.intermediaries.findings import Interest, Subject, conflict_findings, suggested_kind
from convenor.intermediaries.models import (
    Candidate,
    CandidateStatus,
    ConvenerTerm,
    DeclaredInterest,
    Kind,
    Rubric,
)
from convenor.intermediaries.rubric import CRITERIA, WeightedScore, strengths, weighted_score
from convenor.lib.charts import SCHEMA, styled
from convenor.lib.findings import Finding
from convenor.partnerships.models import Partnership
from convenor.workspaces.models import Membership


def candidates_of(partnership: Partnership) -> QuerySet[Candidate]:
    return Candidate.objects.filter(partnership=partnership).select_related("organisation")


def candidates_visible(partnership: Partnership, membership: Membership) -> QuerySet[Candidate]:
    """The candidates a member may see: a partner sees those the convener shared with her."""
    qs = candidates_of(partnership)
    return qs if membership.on_team else qs.filter(shared_with_partners=True)


def terms_of(partnership: Partnership) -> QuerySet[ConvenerTerm]:
    return ConvenerTerm.objects.filter(partnership=partnership).order_by("started_on", "id")


def interests_of(partnership: Partnership) -> QuerySet[DeclaredInterest]:
    return DeclaredInterest.objects.filter(partnership=partnership).select_related(
        "person", "organisation"
    )


def interests_visible(
    partnership: Partnership, membership: Membership
) -> QuerySet[DeclaredInterest]:
    """The declared interests a member may see: a partner sees the shared ones."""
    qs = interests_of(partnership)
    return qs if membership.on_team else qs.filter(shared_with_partners=True)


def rubric_of(partnership: Partnership) -> Rubric:
    """The saved rubric, or an unsaved one with the default weights."""
    rubric = Rubric.objects.filter(partnership=partnership).first()
    if rubric is None:
        rubric = Rubric(partnership=partnership, workspace_id=partnership.workspace_id)
    return rubric


def current_term(terms: Iterable[ConvenerTerm], today: dt.date) -> ConvenerTerm | None:
    """The term running today (the latest started one without an end, or ending later)."""
    running = [
        t for t in terms if t.started_on <= today and (t.ended_on is None or t.ended_on > today)
    ]
    return max(running, key=lambda t: (t.started_on, t.pk)) if running else None


@dataclass
class CandidateRow:
    candidate: Candidate
    score: WeightedScore
    strengths: list[str]
    is_convener: bool

    @property
    def name(self) -> str:
        return self.candidate.organisation.name


@dataclass
class IntermediaryFacts:
    """What the rest of the product needs to know about a partnership's intermediary."""

    candidates: list[CandidateRow] = field(default_factory=list)
    subjects: list[Subject] = field(default_factory=list)
    interests: list[Interest] = field(default_factory=list)
    convener_name: str = ""
    convener_kind: str = ""
    convener_since: dt.date | None = None
    convener_score: float | None = None
    convener_staffing: int | None = None
    convener_willing: bool | None = None
    convener_strengths: list[str] = field(default_factory=list)
    terms: list[ConvenerTerm] = field(default_factory=list)
    weights: dict[str, int] = field(default_factory=dict)
    separate_fiscal_agent: bool = False

    @property
    def conflicts(self) -> list[Finding]:
        return conflict_findings(self.subjects, self.interests)


def _interest(i: DeclaredInterest, today: dt.date) -> Interest:
    return Interest(
        declared_by=i.declared_by or (i.person.name if i.person else ""),
        organisation_id=i.organisation_id,
        organisation_name=i.organisation.name if i.organisation else "",
        kind=i.get_kind_display(),
        description=i.description,
        active=i.ended_on is None or i.ended_on > today,
    )


def intermediary_facts(
    partnership_ids: list[int],
    today: dt.date,
    *,
    interests: bool = True,
    shared_only: bool = False,
) -> dict[int, IntermediaryFacts]:
    """Candidates, weighted scores, convener, interests of many partnerships (3 queries).

    ``interests=False`` leaves the declared interests out: they never make a conflict
    critical, so readiness and the guide do not need them. ``shared_only`` reads only
    the candidates and interests shared with partners (what a partner-role member may
    see; ``facts_for`` decides): the findings then rest on those alone.
    """
    # The rubric (the weights) comes with the candidates it weighs.
    rubrics: dict[int, Rubric] = {}
    candidates: dict[int, list[Candidate]] = defaultdict(list)
    shared = {"shared_with_partners": True} if shared_only else {}
    for c in Candidate.objects.filter(partnership_id__in=partnership_ids, **shared).select_related(
        "organisation", "partnership__intermediary_rubric"
    ):
        candidates[c.partnership_id].append(c)
        rubric = getattr(c.partnership, "intermediary_rubric", None)
        if rubric is not None:
            rubrics[c.partnership_id] = rubric
    terms: dict[int, list[ConvenerTerm]] = defaultdict(list)
    for t in (
        ConvenerTerm.objects.filter(partnership_id__in=partnership_ids)
        .select_related("convener")
        .order_by("started_on", "id")
    ):
        terms[t.partnership_id].append(t)
    declared: dict[int, list[Interest]] = defaultdict(list)
    if interests:
        for i in DeclaredInterest.objects.filter(
            partnership_id__in=partnership_ids, **shared
        ).select_related("person", "organisation"):
            declared[i.partnership_id].append(_interest(i, today))

    out: dict[int, IntermediaryFacts] = {}
    for pid in partnership_ids:
        rubric = rubrics.get(pid) or Rubric()
        weights = rubric.weights()
        term = current_term(terms[pid], today)
        facts = IntermediaryFacts(
            interests=declared[pid],
            terms=terms[pid],
            weights=weights,
            separate_fiscal_agent=rubric.separate_fiscal_agent,
        )
        for c in candidates[pid]:
            is_convener = bool(term and term.convener_id == c.organisation_id)
            score = weighted_score(
                c.scores(), weights, separate_fiscal_agent=rubric.separate_fiscal_agent
            )
            facts.candidates.append(CandidateRow(c, score, strengths(c.scores()), is_convener))
            facts.subjects.append(
                Subject(
                    name=c.organisation.name,
                    organisation_id=c.organisation_id,
                    kind=c.kind,
                    category=c.organisation.category,
                    education_type=c.organisation.education_type,
                    is_convener=is_convener,
                    status=c.status,
                )
            )
            if is_convener:
                facts.convener_score = score.value
                facts.convener_staffing = c.staffing_score
                facts.convener_willing = c.is_willing
                facts.convener_strengths = strengths(c.scores())
                facts.convener_kind = c.kind
        if term is not None:
            facts.convener_name = term.convener_name
            facts.convener_since = term.started_on
            if not any(s.is_convener for s in facts.subjects):
                org = term.convener
                kind = (
                    suggested_kind(org.category, org.education_type, org.name)
                    if org
                    else Kind.OTHER
                )
                facts.convener_kind = kind
                facts.subjects.append(
                    Subject(
                        name=term.convener_name,
                        organisation_id=term.convener_id,
                        kind=kind,
                        category=org.category if org else "",
                        education_type=org.education_type if org else "",
                        is_convener=True,
                        status="convener",
                    )
                )
        facts.candidates.sort(
            key=lambda r: (
                r.candidate.status == CandidateStatus.DECLINED,
                -(r.score.value or 0),
                r.name,
            )
        )
        out[pid] = facts
    return out


def facts_for(
    partnership: Partnership, membership: Membership, today: dt.date
) -> IntermediaryFacts:
    """The intermediary facts of one partnership as ``membership`` may see them."""
    return intermediary_facts([partnership.pk], today, shared_only=not membership.on_team)[
        partnership.pk
    ]


def comparison_chart(rows: list[CandidateRow]) -> dict[str, Any]:
    """Vega-Lite: each candidate's score per criterion, side by side."""
    values = []
    for row in rows:
        for c in CRITERIA:
            value = getattr(row.candidate, f"{c.key}_score")
            if value is not None:
                values.append({"candidate": row.name, "criterion": c.short, "score": value})
        if row.score.value is not None:
            values.append(
                {"candidate": row.name, "criterion": "Weighted score", "score": row.score.value}
            )
    return styled(
        {
            "$schema": SCHEMA,
            "description": "Candidate intermediaries scored 1-5 per criterion",
            "data": {"values": values},
            "width": "container",
            "height": 260,
            "mark": {"type": "bar", "tooltip": True},
            "encoding": {
                "x": {
                    "field": "criterion",
                    "type": "nominal",
                    "sort": [c.short for c in CRITERIA] + ["Weighted score"],
                    "axis": {"labelAngle": -30, "title": None},
                },
                "xOffset": {"field": "candidate", "type": "nominal"},
                "y": {
                    "field": "score",
                    "type": "quantitative",
                    "title": "Score (1-5)",
                    "scale": {"domain": [0, 5]},
                },
                "color": {"field": "candidate", "type": "nominal", "title": "Candidate"},
                "tooltip": [
                    {"field": "candidate", "title": "Candidate"},
                    {"field": "criterion", "title": "Criterion"},
                    {"field": "score", "title": "Score", "format": ".2~f"},
                ],
            },
        }
    )
