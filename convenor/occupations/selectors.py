"""Reads of occupations: programs, saved analyses, evidence links, and the supply, gap and
evidence of a partnership's occupation analysis.

The analysis itself is :func:`convenor.occupations.labour.analyze`; here it meets what
partners recorded: their training programs and the employers' pooled demand (only the
pools the disclosure rule shows: a hidden pool's figure is never used, so the gap
table cannot reveal it either).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from convenor.analysis.occupations.analyze import OccupationAnalysis
from convenor.analysis.occupations.evidence import Evidence, challenge_evidence
from convenor.analysis.occupations.soc import find_occupations, known_occupations
from convenor.analysis.occupations.supply import SupplyGap, supply_gap
from convenor.lib.challenges import Challenge
from convenor.lib.words import agrees, counted
from convenor.occupations import labour
from convenor.occupations.models import (
    NOT_A_TRAINER,
    TRAINING_CATEGORIES,
    OccupationEvidence,
    OccupationSnapshot,
    TrainingProgram,
    data_can_speak_to,
)
from convenor.outreach.selectors import challenge_counts
from convenor.partners.models import Organisation
from convenor.partnerships.models import Partnership
from convenor.planning.demand.disclosure import PooledDemand
from convenor.planning.demand.selectors import pooled_demand
from convenor.planning.models import Issue
from convenor.planning.people import own_person
from convenor.workspaces.models import Membership

CHALLENGE_LABELS = dict(Challenge.choices)
# Said of a challenge no loaded file speaks to, so a page never implies data verified it.
NO_DATA = (
    "None of the labour-market files Convenor reads speaks to this challenge; employers' "
    "own reports and the partners' knowledge are the evidence."
)


# --- Programs ----------------------------------------------------------------------------


def programs_of(partnership: Partnership) -> QuerySet[TrainingProgram]:
    return TrainingProgram.objects.filter(partnership=partnership).select_related("organisation")


def training_organisations(partnership: Partnership) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        workspace_id=partnership.workspace_id, category__in=TRAINING_CATEGORIES
    ).order_by("name")


def program_owner(
    partnership: Partnership, membership: Membership, user: Any
) -> tuple[Organisation | None, str]:
    """For a member who does not run the partnership: the training organisation she enters
    programs for, or why she cannot enter any. Staff get (None, "")."""
    if membership.can_edit:
        return None, ""
    person = own_person(user, partnership.workspace_id)
    if person is None or person.organisation is None:
        return None, (
            "Your sign-in is not linked to a person record of a partner organisation in this "
            "workspace; ask the convener's staff to link it so you can enter its programs."
        )
    if person.organisation.category not in TRAINING_CATEGORIES:
        return None, NOT_A_TRAINER.format(organisation=person.organisation)
    return person.organisation, ""


def known_cip(store: Any) -> dict[str, str]:
    """CIP 2020 codes of the loaded crosswalk and CIP list, with their titles."""

    def build(dataset: str) -> Any:
        return store.table(dataset).select("cip_code", "cip_title").distinct()

    out: dict[str, str] = {}
    for dataset in ("cip_soc", "cip"):
        for row in store.records(lambda d=dataset: build(d)):
            out.setdefault(row["cip_code"], row["cip_title"] or "")
    return out


def find(text: str, *, limit: int = 15) -> list[dict[str, str]]:
    """Occupations of the loaded data whose SOC code or title contains ``text``."""
    if not text.strip() or not labour.has_data():
        return []
    with labour.open_labour() as store:
        return find_occupations(store, text, limit=limit)


# --- Supply, gap and evidence --------------------------------------------------------------


def demand_by_soc(pooled: PooledDemand) -> dict[str, float]:
    """Pooled openings in the next 12 months by SOC code, for the pools shown only."""
    out: dict[str, float] = {}
    for row in pooled.shown:
        if row.soc_code and row.openings_12m is not None:
            out[row.soc_code] = out.get(row.soc_code, 0.0) + float(row.openings_12m)
    return out


@dataclass
class Study:
    """A partnership's occupation analysis with what partners recorded set against it."""

    analysis: OccupationAnalysis
    gap: SupplyGap | None
    evidence: list[Evidence]
    programs: list[TrainingProgram]
    unknown_programs: list[TrainingProgram] = field(default_factory=list)
    hidden_pools: int = 0
    unmapped_pools: int = 0
    notes: list[str] = field(default_factory=list)


_studies: OrderedDict[tuple[Any, ...], Study] = OrderedDict()


def study(partnership: Partnership, analysis: OccupationAnalysis) -> Study:
    """Supply and gap (programs and the pooled demand shown) and the challenge evidence.

    Kept per process like the analysis (:mod:`.labour`), keyed by everything the result
    depends on: the analysis, what the labour store holds, the programs as saved and the
    pooled demand shown.
    """
    programs = list(programs_of(partnership))
    pooled = pooled_demand(partnership)
    demand = demand_by_soc(pooled)
    key = (
        analysis.fingerprint,
        analysis.industry.region_name,
        tuple(analysis.counties),
        labour.content_key(),
        tuple(tuple(p.as_engine_row().values()) for p in programs),
        tuple(sorted(demand.items())),
        pooled.suppressed_count,
        sum(1 for r in pooled.shown if not r.soc_code),
    )
    if key in _studies:
        _studies.move_to_end(key)
        found = _studies[key]
        unknown = {p.pk for p in found.unknown_programs}
        return Study(
            **{
                **vars(found),
                "programs": programs,
                "unknown_programs": [p for p in programs if p.pk in unknown],
            }
        )
    found = _study(analysis, programs, pooled, demand)
    _studies[key] = found
    while len(_studies) > labour.CACHE_SIZE:
        _studies.popitem(last=False)
    return found


def _study(
    analysis: OccupationAnalysis,
    programs: list[TrainingProgram],
    pooled: PooledDemand,
    demand: dict[str, float],
) -> Study:
    notes: list[str] = []
    hidden = pooled.suppressed_count
    unmapped = sum(1 for r in pooled.shown if not r.soc_code)
    if hidden:
        notes.append(
            f"{counted(hidden, 'pooled occupation')} hidden by the disclosure rule "
            f"{agrees(hidden, 'is', 'are')} left out of the employers' demand."
        )
    if unmapped:
        notes.append(
            f"{counted(unmapped, 'pooled occupation')} {agrees(unmapped, 'has', 'have')} no SOC "
            "code and cannot be compared; give their projections a SOC code on the Employer "
            "demand page."
        )
    with labour.open_labour() as store:
        codes = known_cip(store)
        usable = [p for p in programs if p.cip_code in codes and p.annual is not None]
        unknown = [p for p in programs if codes and p.cip_code not in codes]
        if unknown:
            notes.append(
                f"{counted(len(unknown), 'program')} {agrees(len(unknown), 'has', 'have')} a CIP "
                "code the loaded crosswalk does not know and "
                f"{agrees(len(unknown), 'supplies', 'supply')} nothing here: "
                + ", ".join(f"{p.name} ({p.cip_code})" for p in unknown[:5])
            )
        gap: SupplyGap | None = None
        if codes and (usable or demand):
            gap = supply_gap(
                store,
                analysis,
                [p.as_engine_row() for p in usable],
                demand=_known_demand(store, demand, notes),
                source="programs",
            )
        elif not codes:
            notes.append(
                "No CIP-SOC crosswalk is loaded: programs cannot be set against occupations."
            )
        evidence = challenge_evidence(store, analysis, gap=gap)
    return Study(analysis, gap, evidence, programs, unknown, hidden, unmapped, notes)


def _known_demand(store: Any, demand: dict[str, float], notes: list[str]) -> dict[str, float]:
    """Demand of SOC codes the loaded data knows; the others are named in a note, since
    the engine refuses an unknown code and one stale projection must not hide the table."""
    known = known_occupations(store)
    unknown = sorted(code for code in demand if code not in known)
    if unknown:
        notes.append(
            f"Pooled demand for {agrees(len(unknown), 'a SOC code', 'SOC codes')} the loaded "
            "data does not know is left out: " + ", ".join(unknown)
        )
    return {code: value for code, value in demand.items() if code in known}


def gap_rows_by_soc(gap: SupplyGap | None) -> dict[str, dict[str, Any]]:
    return {r["soc_code"]: r for r in gap.rows} if gap else {}


# --- Saved analyses and evidence -------------------------------------------------------------


def snapshots_of(partnership: Partnership) -> QuerySet[OccupationSnapshot]:
    return OccupationSnapshot.objects.filter(partnership=partnership).select_related(
        "region", "created_by"
    )


def evidence_of_snapshot(snapshot: OccupationSnapshot) -> QuerySet[OccupationEvidence]:
    return snapshot.evidence_links.select_related("issue").order_by("challenge", "id")


def evidence_of_issue(issue: Issue) -> QuerySet[OccupationEvidence]:
    return OccupationEvidence.objects.filter(issue=issue).select_related("snapshot")


def evidence_of_partnership(partnership: Partnership) -> QuerySet[OccupationEvidence]:
    return OccupationEvidence.objects.filter(partnership=partnership).select_related(
        "snapshot", "issue"
    )


@dataclass
class Verdict:
    """What a saved analysis says about one challenge, in words for a page."""

    code: str
    label: str
    figures: list[dict[str, Any]]  # supports / weakens / neutral
    cannot_show: list[str]  # what the loaded data cannot show

    @property
    def reading(self) -> str:
        """``supports``, ``weakens``, ``mixed``, ``neutral`` or ``none`` (no figure)."""
        readings = {f["reading"] for f in self.figures} - {"neutral"}
        if not self.figures:
            return "none"
        if not readings:
            return "neutral"
        return readings.pop() if len(readings) == 1 else "mixed"


def verdict(evidence: list[dict[str, Any]], code: str) -> Verdict:
    """The figures for ``code`` in a list of evidence dicts, and what cannot be shown."""
    items = [e for e in evidence if e.get("challenge") == code]
    cannot = [e["statement"] for e in items if e.get("reading") == "cannot_show"]
    if not data_can_speak_to(code):
        cannot = [NO_DATA]
    return Verdict(
        code,
        CHALLENGE_LABELS.get(code, code),
        [e for e in items if e.get("reading") != "cannot_show"],
        cannot,
    )


def verdicts(evidence: list[dict[str, Any]]) -> list[Verdict]:
    """One verdict per challenge code the engine speaks to, in the typology's order."""
    return [verdict(evidence, code) for code in Challenge.values if data_can_speak_to(code)]


def attachable(partnership: Partnership) -> dict[str, Any]:
    """What a saved analysis can be attached to: open issues and challenges heard, each
    with a code the data can speak to."""
    issues = [
        i
        for i in Issue.objects.filter(partnership=partnership).order_by("title")
        if data_can_speak_to(i.challenge)
    ]
    heard = [c for c in challenge_counts(partnership) if data_can_speak_to(c.code)]
    return {"issues": issues, "heard": heard}
