"""Exports of the plan: the partnership plan as PDF (WeasyPrint) and DOCX (python-docx),
the action plan as XLSX (openpyxl).

All three read one structure, ``plan_document``, so they say the same thing; pooled
employer demand enters it with the disclosure rule applied (``demand.disclosure.pool``), and
the XLSX's demand sheet reads the same ``pooled_demand``: every format hides the same
figures, with the reason.
To add a format, write ``<format>(partnership) -> (bytes, filename, content type)``
and list it in ``EXPORTS``.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from convenor.lib.spreadsheets import safe_cell
from convenor.partnerships.models import Partnership
from convenor.planning import charts
from convenor.planning.demand.charts import demand_chart
from convenor.planning.demand.disclosure import PooledDemand
from convenor.planning.demand.selectors import pooled_demand
from convenor.planning.direction.selectors import logic_model, org_chart, org_chart_rows
from convenor.planning.issues.charts import priority_chart
from convenor.planning.issues.selectors import RoundResults, round_results
from convenor.planning.models import (
    Direction,
    GovernanceRole,
    LogicModelEntry,
    PrioritisationRound,
    Resource,
    RoundStatus,
)
from convenor.planning.plan import selectors
from convenor.planning.plan.charts import benchmark_chart
from convenor.planning.plan.selectors import Chain
from convenor.planning.resources.selectors import resources_of

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class PlanDocument:
    partnership: Partnership
    generated: Any
    direction: Direction | None
    roles: list[tuple[int, GovernanceRole]]  # (depth, role) in chart order
    round: PrioritisationRound | None
    results: RoundResults | None
    chain: Chain
    logic_model: list[tuple[str, str, list[LogicModelEntry]]]
    goals: list[dict[str, Any]]
    resources: list[Resource]
    pooled: PooledDemand


def plan_document(partnership: Partnership) -> PlanDocument:
    today = timezone.localdate()
    rnd = (
        PrioritisationRound.objects.filter(partnership=partnership, status=RoundStatus.CLOSED)
        .select_related("decision")
        .first()
    )
    return PlanDocument(
        partnership=partnership,
        generated=timezone.localtime(),
        direction=Direction.objects.filter(partnership=partnership)
        .select_related("coordinator", "mission_adopted_at")
        .first(),
        roles=org_chart_rows(org_chart(partnership)),
        round=rnd,
        results=round_results(rnd) if rnd else None,
        chain=selectors.plan_chain(partnership),
        logic_model=logic_model(partnership),
        goals=selectors.action_plan(partnership, today),
        resources=list(resources_of(partnership)),
        pooled=pooled_demand(partnership),
    )


def _filename(partnership: Partnership, suffix: str) -> str:
    return f"{slugify(partnership.name) or 'partnership'}-{suffix}"


# --- PDF ---------------------------------------------------------------------------------


def _svg_data_uri(spec: dict[str, Any]) -> str:
    # Rendered at the width of the PDF's chart box (.chart in plan.html), print font.
    svg = charts.to_svg(spec)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def plan_html(partnership: Partnership) -> str:
    """The plan as the HTML WeasyPrint lays out, charts inlined as SVG."""
    doc = plan_document(partnership)
    figures = {
        "priorities": _svg_data_uri(priority_chart(doc.results)) if doc.results else "",
        "benchmarks": {
            b.pk: _svg_data_uri(benchmark_chart(b, list(b.results.all())))
            for row in doc.goals
            for b, _ in row["benchmarks"]
        },
        "demand": _svg_data_uri(demand_chart(doc.pooled)) if doc.pooled.shown else "",
    }
    return render_to_string("planning/export/plan.html", {"doc": doc, "figures": figures})


def plan_pdf(partnership: Partnership) -> tuple[bytes, str, str]:
    from weasyprint import HTML

    pdf = HTML(string=plan_html(partnership), base_url=None).write_pdf()
    return pdf, _filename(partnership, "plan.pdf"), PDF


# --- DOCX --------------------------------------------------------------------------------


def _cell(cell: Any, text: str, *, bold: bool = False) -> None:
    cell.text = ""
    run = cell.paragraphs[0].add_run(text)
    run.bold = bold


def plan_docx(partnership: Partnership) -> tuple[bytes, str, str]:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    doc = plan_document(partnership)
    d = Document()
    style = d.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(10)

    d.add_heading(partnership.name, 0)
    d.add_paragraph(
        f"Partnership plan · {partnership.industry_label or 'industry not set'}"
        f"{' · ' + partnership.region if partnership.region else ''} · "
        f"generated {doc.generated:%Y-%m-%d %H:%M}"
    )

    # Direction
    d.add_heading("1. Direction", 1)
    d.add_heading("Mission / vision", 2)
    d.add_paragraph(partnership.mission or "Not written yet.")
    direction = doc.direction
    if direction and (direction.mission_adopted_at or direction.mission_adopted_on):
        where = f" at {direction.mission_adopted_at}" if direction.mission_adopted_at else ""
        when = (
            f" on {direction.mission_adopted_on:%Y-%m-%d}" if direction.mission_adopted_on else ""
        )
        d.add_paragraph(f"Adopted{when}{where}.")
    if direction:
        for label, value in (
            ("Areas for further analysis", direction.areas_for_analysis),
            ("Staffing", _staffing(direction)),
            ("Internal communication plan", direction.internal_communication),
            ("External messaging", direction.external_messaging),
        ):
            if value:
                d.add_heading(label, 2)
                d.add_paragraph(value)
    if doc.roles:
        d.add_heading("Organisational chart", 2)
        for depth, role in doc.roles:
            holder = role.person.name if role.person is not None else role.holder
            p = d.add_paragraph(
                f"{role.title}{': ' + holder if holder else ''}", style="List Bullet"
            )
            p.paragraph_format.left_indent = Cm(0.63 * (depth + 1))

    # Priorities
    d.add_heading("2. Priorities", 1)
    rnd = doc.round
    if doc.results and rnd is not None:
        part = doc.results.participation
        d.add_paragraph(
            f"{rnd.title} ({rnd.opened_on:%Y-%m-%d}): {part['voters']} partners rated "
            f"{len(doc.results.overall)} issues, {part['employer_voters']} of them employers. "
            f"{rnd.method}"
        )
        if rnd.consensus:
            d.add_paragraph(f"Consensus: {rnd.consensus}")
        d.add_picture(io.BytesIO(charts.to_png(priority_chart(doc.results))), width=Cm(14))
        table = d.add_table(rows=1, cols=6)
        table.style = "Light Grid Accent 1"
        for i, h in enumerate(
            ["Rank", "Issue", "Importance", "Feasibility", "Score", "Employers' rank"]
        ):
            _cell(table.rows[0].cells[i], h, bold=True)
        employers = {r.issue.pk: r for r in doc.results.employers}
        for r in doc.results.overall:
            e = employers.get(r.issue.pk)
            cells = table.add_row().cells
            for i, v in enumerate(
                [
                    r.rank or "",
                    r.issue.title,
                    r.importance if r.importance is not None else "",
                    r.feasibility if r.feasibility is not None else "",
                    r.score if r.score is not None else "",
                    (e.rank if e and e.rank else "no employer votes"),
                ]
            ):
                _cell(cells[i], str(v))
    else:
        d.add_paragraph("No prioritisation round has closed yet.")

    # Problem statements and the chain
    d.add_heading("3. Issues, problem statements and root causes", 1)
    for ci in doc.chain.issues:
        issue = ci.issue
        d.add_heading(f"{issue.title} ({issue.get_status_display().lower()})", 2)
        d.add_paragraph(
            f"{issue.get_challenge_display()} · raised by {ci.employer_count} employer"
            f"{'s' if ci.employer_count != 1 else ''} in linked touches"
        )
        for cp in ci.problems:
            ps = cp.statement
            d.add_paragraph().add_run("Problem: ").bold = True
            d.paragraphs[-1].add_run(ps.problem)
            if ps.impact:
                p = d.add_paragraph()
                p.add_run("Impact the partnership can have: ").bold = True
                p.add_run(ps.impact)
            if ps.strategy_labels or ps.strategies:
                p = d.add_paragraph()
                p.add_run("Strategy categories: ").bold = True
                p.add_run(
                    "; ".join(ps.strategy_labels) + (f". {ps.strategies}" if ps.strategies else "")
                )
            for node in selectors.why_flat(list(ps.why_steps.all())):
                p = d.add_paragraph(f"Why? {node.step.because}", style="List Bullet")
                p.paragraph_format.left_indent = Cm(0.63 * (node.depth + 1))
            for s in cp.solutions:
                d.add_paragraph(
                    f"Solution ({s.get_status_display().lower()}): {s.title}", style="List Number"
                )
            for g in cp.goals:
                d.add_paragraph(f"Goal: {g.title} (see the action plan)")

    # Logic model
    section = d.add_section()
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    d.add_heading("4. Logic model", 1)
    table = d.add_table(rows=2, cols=len(doc.logic_model))
    table.style = "Table Grid"
    for i, (_, label, entries) in enumerate(doc.logic_model):
        arrow = " →" if i < len(doc.logic_model) - 1 else ""
        _cell(table.rows[0].cells[i], label + arrow, bold=True)
        _cell(table.rows[1].cells[i], "\n".join(f"• {e.text}" for e in entries))

    # Action plan
    section = d.add_section()
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = section.page_height, section.page_width
    d.add_heading("5. Action plan", 1)
    for row in doc.goals:
        g = row["goal"]
        d.add_heading(f"Goal: {g.title}", 2)
        if g.problem_statement:
            d.add_paragraph(
                f"Answers: {g.problem_statement.problem} (issue: {g.problem_statement.issue.title})"
            )
        for b, progress in row["benchmarks"]:
            unit = f" {b.unit}" if b.unit else ""
            p = d.add_paragraph(style="List Bullet")
            p.add_run(f"Benchmark: {b.indicator}").bold = True
            p.add_run(
                f" · baseline {b.baseline_value}{unit} ({b.baseline_on:%Y-%m-%d}) → target "
                f"{b.target_value}{unit} ({b.target_on:%Y-%m-%d})"
                + (
                    f" · latest {progress.latest.value}{unit} "
                    f"({progress.latest.period_end:%Y-%m-%d}), {progress.percent}% of the way"
                    if progress.latest
                    else " · no result yet"
                )
            )
            if progress.latest:
                d.add_picture(
                    io.BytesIO(charts.to_png(benchmark_chart(b, list(b.results.all())), width=454)),
                    width=Cm(12),  # 454 px at 96 dpi: the chart is drawn at the size it is shown
                )
        if row["steps"]:
            table = d.add_table(rows=1, cols=5)
            table.style = "Light Grid Accent 1"
            for i, h in enumerate(["Action step", "Owner", "Due", "Status", "Decision"]):
                _cell(table.rows[0].cells[i], h, bold=True)
            for s, late in row["steps"]:
                cells = table.add_row().cells
                _cell(cells[0], s.title)
                _cell(cells[1], s.owner.name if s.owner_id else "")
                _cell(cells[2], f"{s.due_on:%Y-%m-%d}" if s.due_on else "")
                _cell(cells[3], s.get_status_display() + (" (overdue)" if late else ""))
                _cell(
                    cells[4],
                    f"{s.decision.decided_on:%Y-%m-%d}: {s.decision.text}" if s.decision_id else "",
                )

    # Resource map
    d.add_heading("6. Resource map", 1)
    if doc.resources:
        table = d.add_table(rows=1, cols=6)
        table.style = "Light Grid Accent 1"
        for i, h in enumerate(["Program", "Type", "Owner", "Funding", "Issues", "Last reviewed"]):
            _cell(table.rows[0].cells[i], h, bold=True)
        for res in doc.resources:
            cells = table.add_row().cells
            _cell(cells[0], res.name + (f"\n{res.eligibility}" if res.eligibility else ""))
            _cell(cells[1], res.get_kind_display())
            _cell(cells[2], res.owner_label)
            _cell(cells[3], "; ".join(res.funding_labels))
            _cell(cells[4], "; ".join(i.title for i in res.issues.all()))
            _cell(cells[5], f"{res.last_reviewed_on:%Y-%m-%d}" if res.last_reviewed_on else "never")
    else:
        d.add_paragraph("No program, funding stream or policy mapped yet.")

    # Employer demand (pooled, suppressed)
    d.add_heading("7. Employer demand (pooled)", 1)
    _docx_demand(d, doc.pooled, _cell)

    buffer = io.BytesIO()
    d.save(buffer)
    return buffer.getvalue(), _filename(partnership, "plan.docx"), DOCX


def _docx_demand(d: Any, pooled: PooledDemand, cell: Callable[..., None]) -> None:
    if not pooled.rows:
        d.add_paragraph("No hiring projections entered yet.")
        return
    table = d.add_table(rows=1, cols=4)
    table.style = "Light Grid Accent 1"
    for i, h in enumerate(
        ["Occupation", "Employers", "Openings, 12 months", "Openings, 36 months"]
    ):
        cell(table.rows[0].cells[i], h, bold=True)
    for r in pooled.rows:
        cells = table.add_row().cells
        cell(cells[0], r.occupation + (f" ({r.soc_code})" if r.soc_code else ""))
        if r.suppressed:
            cell(cells[1], r.employers_label)
            cell(cells[2], r.hidden_reason)
            cell(cells[3], r.hidden_reason)
        else:
            cell(cells[1], str(r.employers))
            cell(cells[2], f"{r.openings_12m:,}")
            cell(cells[3], f"{r.openings_36m:,}")
    d.add_paragraph(f"{pooled.rule} {_RULE_WHY}")


_RULE_WHY = (
    "So no employer can read another's numbers off a pooled figure, even by subtracting its "
    "own rows."
)


def _staffing(direction: Direction) -> str:
    parts = []
    if direction.coordinator is not None:
        who = direction.coordinator.name
        hours = (
            f", {direction.coordinator_hours} hours a week" if direction.coordinator_hours else ""
        )
        src = (
            f" ({direction.get_coordinator_from_display().lower()})"
            if direction.coordinator_from
            else ""
        )
        parts.append(f"Coordinator: {who}{src}{hours}.")
    if direction.staffing_notes:
        parts.append(direction.staffing_notes)
    return " ".join(parts)


# --- XLSX ---------------------------------------------------------------------------------


def action_plan_xlsx(partnership: Partnership) -> tuple[bytes, str, str]:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    today = timezone.localdate()
    goals = list(selectors.goals_of(partnership))
    wb = Workbook()

    def sheet(ws: Any, headers: list[str], rows: list[list[Any]], widths: list[int]) -> None:
        ws.append(headers)
        for c in ws[1]:
            c.font = Font(bold=True)
        for row in rows:
            ws.append([safe_cell(v) for v in row])
        ws.freeze_panes = "A2"
        for i, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = w
        for row in ws.iter_rows(min_row=2):
            for c in row:
                c.alignment = Alignment(wrap_text=True, vertical="top")
                if hasattr(c.value, "year"):
                    c.number_format = "yyyy-mm-dd"
        if rows:
            ws.auto_filter.ref = ws.dimensions

    steps = wb.active
    steps.title = "Action steps"
    rows: list[list[Any]] = []
    for g in goals:
        ps = g.problem_statement
        benchmarks = {
            s.pk: [b.indicator for b in g.benchmarks.all() if s in b.action_items.all()]
            for s in g.action_items.all()
        }
        for s in g.action_items.all():
            rows.append(
                [
                    ps.issue.title if ps else "",
                    ps.problem if ps else "",
                    g.title,
                    "; ".join(benchmarks[s.pk]),
                    s.title,
                    s.owner.name if s.owner is not None else "",
                    s.due_on,
                    s.get_status_display(),
                    "yes" if selectors.overdue(s, today) else "",
                    s.decision.text if s.decision is not None else "",
                    s.decision.decided_on if s.decision is not None else None,
                ]
            )
    sheet(
        steps,
        [
            "Issue",
            "Problem statement",
            "Goal",
            "Benchmarks",
            "Action step",
            "Owner",
            "Due",
            "Status",
            "Overdue",
            "Decision that created it",
            "Decided on",
        ],
        rows,
        [28, 40, 32, 30, 40, 20, 12, 12, 9, 40, 12],
    )

    bench = wb.create_sheet("Benchmarks")
    rows = []
    for g in goals:
        for b in g.benchmarks.all():
            p = selectors.benchmark_progress(b, list(b.results.all()))
            rows.append(
                [
                    g.title,
                    b.indicator,
                    b.unit,
                    float(b.baseline_value),
                    b.baseline_on,
                    float(b.target_value),
                    b.target_on,
                    float(p.latest.value) if p.latest else None,
                    p.latest.period_end if p.latest else None,
                    round(p.share, 3) if p.share is not None else None,
                    {True: "on track", False: "behind", None: ""}[p.on_track],
                ]
            )
    sheet(
        bench,
        [
            "Goal",
            "Indicator",
            "Unit",
            "Baseline",
            "Baseline date",
            "Target",
            "Target date",
            "Latest result",
            "Period ending",
            "Share of the way",
            "Status",
        ],
        rows,
        [32, 40, 10, 10, 12, 10, 12, 12, 12, 12, 10],
    )
    for row in bench.iter_rows(min_row=2, min_col=10, max_col=10):
        for c in row:
            c.number_format = "0%"

    results = wb.create_sheet("Results")
    rows = [
        [b.indicator, r.period_end, float(r.value), r.note]
        for g in goals
        for b in g.benchmarks.all()
        for r in b.results.all()
    ]
    sheet(results, ["Indicator", "Period ending", "Value", "Note"], rows, [40, 12, 12, 40])

    pooled = pooled_demand(partnership)
    demand = wb.create_sheet("Employer demand")
    rows = []
    for r in pooled.rows:
        rows.append(
            [
                r.occupation,
                r.soc_code,
                r.employers_label,
                r.openings_12m if not r.suppressed else r.hidden_reason,
                r.openings_36m if not r.suppressed else r.hidden_reason,
                ", ".join(r.skills),
            ]
        )
    sheet(
        demand,
        [
            "Occupation",
            "SOC code",
            "Employers",
            "Openings, 12 months",
            "Openings, 36 months",
            "Skills and credentials",
        ],
        rows,
        [36, 10, 14, 22, 22, 40],
    )
    if pooled.rows:
        demand.append(
            ["Total of the occupations shown", "", "", pooled.total_12m, pooled.total_36m, ""]
        )
        demand.cell(demand.max_row, 1).font = Font(bold=True)
    demand.append([])
    demand.append([f"{pooled.rule} {_RULE_WHY}"])

    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue(), _filename(partnership, "action-plan.xlsx"), XLSX


EXPORTS: dict[str, Callable[[Partnership], tuple[bytes, str, str]]] = {
    "pdf": plan_pdf,
    "docx": plan_docx,
    "xlsx": action_plan_xlsx,
}
