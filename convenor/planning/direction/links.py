"""The linked logic model: the links between its entries and the findings over them.

An activity leads somewhere when it leads to an entry on its right or a goal or
benchmark measures it; an outcome is reached when some entry leads to it. The page, the
plan's overview and the tests read the same ``LinkedLogicModel``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from convenor.lib.findings import Finding, Severity, by_severity
from convenor.planning.models import LogicColumn, LogicModelEntry

OUTCOMES = (LogicColumn.SHORT, LogicColumn.MEDIUM, LogicColumn.LONG)
SOURCE = "Step Four: Begin Meeting as Partners and Learn More (the logic model)"


@dataclass(frozen=True)
class Link:
    source: LogicModelEntry
    target: LogicModelEntry

    @property
    def text(self) -> str:
        return f"{self.source.text} → {self.target.text}"


@dataclass
class LinkedLogicModel:
    columns: list[tuple[str, str, list[LogicModelEntry]]]
    links: list[Link] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def activities(self) -> list[LogicModelEntry]:
        return next((e for code, _, e in self.columns if code == LogicColumn.ACTIVITIES), [])


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:79] + "…"


def logic_findings(
    entries: list[LogicModelEntry], links: list[Link], measured: set[int], addressed: set[int]
) -> list[Finding]:
    """Activities that lead nowhere or address nothing, outcomes nothing leads to.

    ``measured``: entries a goal or benchmark measures; ``addressed``: entries linked to
    an issue or problem statement."""
    leads = {link.source.pk for link in links}
    reached = {link.target.pk for link in links}
    found: list[Finding] = []
    for e in entries:
        if e.column == LogicColumn.ACTIVITIES and e.pk not in leads and e.pk not in measured:
            found.append(
                Finding(
                    code="logic.activity_leads_nowhere",
                    severity=Severity.WARNING,
                    reason=f"The activity “{_short(e.text)}” leads to no output or outcome, "
                    "and no goal or benchmark measures it.",
                    next_step="Edit the activity: link the outputs or outcomes it leads to "
                    "and the goal or benchmark that measures it, or drop it.",
                    source=SOURCE,
                    evidence={"entry": e.pk},
                )
            )
        if e.column == LogicColumn.ACTIVITIES and e.pk not in addressed:
            found.append(
                Finding(
                    code="logic.activity_addresses_nothing",
                    severity=Severity.INFO,
                    reason=f"The activity “{_short(e.text)}” is not linked to the issue or "
                    "problem statement it addresses.",
                    next_step="Edit the activity and choose the issue or problem statement "
                    "it answers.",
                    source=SOURCE,
                    evidence={"entry": e.pk},
                )
            )
        if e.column in OUTCOMES and e.pk not in reached:
            found.append(
                Finding(
                    code="logic.outcome_unreached",
                    severity=Severity.WARNING,
                    reason=f"Nothing in the logic model leads to the "
                    f"{e.get_column_display().lower()} “{_short(e.text)}”.",
                    next_step="Link the activity or output that produces it (edit that "
                    "entry's “leads to”), or drop the outcome.",
                    source=SOURCE,
                    evidence={"entry": e.pk},
                )
            )
    return by_severity(found)


def linked_logic_model(columns: list[tuple[str, str, list[LogicModelEntry]]]) -> LinkedLogicModel:
    """The links and findings of columns read by ``selectors.logic_model`` (its entries
    come with ``leads_to``, ``goals`` and ``benchmarks`` prefetched)."""
    entries = [e for _, _, column in columns for e in column]
    by_pk = {e.pk: e for e in entries}
    links = [Link(e, by_pk[t.pk]) for e in entries for t in e.leads_to.all() if t.pk in by_pk]
    measured = {e.pk for e in entries if e.goals.all() or e.benchmarks.all()}
    addressed = {e.pk for e in entries if e.issue_id or e.problem_statement_id}
    return LinkedLogicModel(
        columns=columns, links=links, findings=logic_findings(entries, links, measured, addressed)
    )
