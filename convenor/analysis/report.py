"""The regional industry snapshot: a printed report (PDF, DOCX) of one analysis.

What a convener hands out at an industry roundtable: the region and the
date of the data, the ranked industries under plain-English headings, the
concentration-and-growth chart and the employment trend (the same
Vega-Lite specs as the region page, rendered by vl-convert), what the
charts leave out and why, and the notes on suppression, estimates and
sources. ``convenor analyze ... --format pdf|docx`` and the region page's
downloads both call :func:`snapshot_pdf` / :func:`snapshot_docx` on a
:class:`SnapshotReport`.

No Django import; WeasyPrint, python-docx and vl-convert are imported only
when a report is written (they are slow to load and the command line
starts without them).
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
from dataclasses import dataclass, field
from typing import Any

from convenor.analysis import reference as ref
from convenor.analysis.charts import Chart, concentration_chart
from convenor.analysis.result import SOURCE_LINE, RegionAnalysis
from convenor.lib.charts import for_print

PDF_CONTENT_TYPE = "application/pdf"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TOP = 15  # ranked industries in the table: what fits a printed page
# Pixels of a chart rendered for print: the figure's box, 250 mm at 96 px per inch, so the
# SVG is drawn 1:1 and its text is the size it was measured at.
CHART_WIDTH = 944
NOT_DISCLOSED = "n/d"


@dataclass
class Column:
    """A column of the printed table: the field, its plain-English heading, numeric or not."""

    field: str
    heading: str
    numeric: bool = True


@dataclass
class SnapshotReport:
    """What the printed snapshot shows, in the order it shows it (format-free).

    ``rows`` are the ``TOP`` best-scored industries as display strings (``n/d``
    where BLS did not disclose a figure, ``≥`` before a lower bound);
    ``unranked`` names the industries left out of the ranking and why.
    """

    analysis: RegionAnalysis
    concentration: Chart
    trend: Chart | None
    made_on: dt.date
    columns: list[Column] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    unranked: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.analysis.region.name}: regional industry snapshot"

    @property
    def data_date(self) -> str:
        """``"2020 annual average"``: the period the figures describe."""
        a = self.analysis
        return f"{a.year} {ref.period_label(a.year, a.period)}"

    @property
    def subtitle(self) -> str:
        a = self.analysis
        return (
            f"Figures for {self.data_date} ({ref.OWNERSHIP_LABELS[a.ownership].lower()}, "
            f"{ref.LEVEL_LABELS[a.level]}) from the U.S. Bureau of Labor Statistics' "
            f"Quarterly Census of Employment and Wages. Prepared {self.made_on:%-d %B %Y}."
        )

    @property
    def areas(self) -> str:
        return "Areas: " + "; ".join(
            f"{ref.area_title(c)} ({c})" for c in self.analysis.region.codes
        )

    def notes(self) -> list[str]:
        """How to read the figures: suppression, estimates, base year, then the engine's notes."""
        a = self.analysis
        out = [
            f"{NOT_DISCLOSED}: not disclosed by BLS (to protect employers' confidentiality); "
            "never read as zero. “≥” marks a total over areas some of which BLS did not "
            "disclose: the true figure is higher.",
        ]
        if a.estimate_suppressed:
            out.append(
                "“~” marks a figure estimated from the industry hierarchy, not published; "
                "estimated industries are not ranked."
            )
        if a.base_year is not None:
            source = (
                "a loaded base-year file"
                if a.base_source == "stored"
                else "the files' over-the-year columns"
            )
            out.append(f"Growth and change are measured from {a.base_year} ({source}).")
        out.append(
            "Score: ranks industries from 0 to 100 by size, concentration (location quotient), "
            "growth, pay against the region's average and the competitive effect, weighted "
            + ", ".join(f"{k} {v:g}" for k, v in a.weights.as_dict().items())
            + "."
        )
        return out + list(a.notes)

    def sources(self) -> list[str]:
        return [*self.analysis.sources, SOURCE_LINE]


def snapshot_report(
    analysis: RegionAnalysis,
    trend: Chart | None = None,
    *,
    top: int = TOP,
    made_on: dt.date | None = None,
) -> SnapshotReport:
    """The snapshot of ``analysis``: its ``top`` best-scored industries and its charts.

    ``trend`` is :func:`~convenor.analysis.charts.region_trend_chart`'s (it
    needs the store); without it the report has no trend section.
    """
    report = SnapshotReport(
        analysis=analysis,
        concentration=concentration_chart(analysis),
        trend=trend,
        made_on=made_on or dt.date.today(),
    )
    report.columns = _columns(analysis)
    ranked = analysis.ranked()
    for rank, row in enumerate(ranked[:top], start=1):
        report.rows.append([_cell(analysis, c.field, row, rank) for c in report.columns])
        report.reasons.append(str(row.get("reasons") or ""))
    ranked_codes = {r["industry_code"] for r in ranked}
    for row in analysis.all_records():
        if row["industry_code"] in ranked_codes:
            continue
        why = "estimated" if row["estimated"] else "not disclosed by BLS"
        report.unranked.append(f"{row['industry_title']} ({why})")
    if len(ranked) > top:
        report.unranked.insert(0, f"{len(ranked) - top} more ranked industries (see the CSV/XLSX)")
    return report


def _columns(analysis: RegionAnalysis) -> list[Column]:
    pay = "avg_annual_pay" if analysis.annual else "avg_weekly_wage"
    names = ["employment", "establishments", pay, "lq"]
    if analysis.state is not None and analysis.state.loaded:
        names.append("lq_state")
    names += ["employment_cagr", "employment_change", "score"]
    return [
        Column("rank", "Rank"),
        Column("industry_title", "Industry (NAICS code)", numeric=False),
        *(Column(n, analysis.label(n)) for n in names),
    ]


def _cell(analysis: RegionAnalysis, name: str, row: dict[str, Any], rank: int) -> str:
    if name == "rank":
        return str(rank)
    if name == "industry_title":
        return f"{row['industry_title']} ({row['industry_code']})"
    value = row.get(name)
    if value is None:
        return NOT_DISCLOSED
    if name in ("lq", "lq_state"):
        return f"{value:.2f}"
    if name == "employment_cagr":
        return f"{value * 100:+.1f}%"
    if name == "employment_change":
        return f"{value:+,}"
    if name == "score":
        return f"{value:.0f}"
    text = f"{value:,}"
    if name == "employment" and row["lower_bound"]:
        text = "≥ " + text
    if row["estimated"] and name in ("employment", "establishments"):
        text = "~" + text
    return text


# -- charts for print -----------------------------------------------------------


def _printable(spec: dict[str, Any]) -> dict[str, Any]:
    """The page's spec at the width of the report's chart box, in the PDF's font
    (lib.charts.for_print: vl-convert measures text in the font WeasyPrint draws it with)."""
    return for_print(spec, CHART_WIDTH)


def chart_svg(spec: dict[str, Any]) -> str:
    import vl_convert  # heavy: loaded only when a report is made

    # No base URL allowed: the data are inline and nothing is fetched at run time.
    return str(vl_convert.vegalite_to_svg(_printable(spec), allowed_base_urls=[]))


def chart_png(spec: dict[str, Any], scale: float = 2) -> bytes:
    import vl_convert

    return bytes(vl_convert.vegalite_to_png(_printable(spec), scale=scale, allowed_base_urls=[]))


def _figures(report: SnapshotReport) -> list[tuple[str, str, Chart]]:
    """(heading, caption, chart) of each chart section, drawn or not."""
    a = report.analysis
    pay = (
        "the region's average pay" if a.annual else "the region's average weekly wage that quarter"
    )
    out = [
        (
            "Concentration and growth",
            "Location quotient (1 = the U.S. share of jobs) against job growth per year; "
            f"bubble size is jobs, colour is pay compared with {pay}. Only industries whose "
            "figures BLS disclosed are drawn.",
            report.concentration,
        )
    ]
    if report.trend is not None:
        out.append(
            (
                "Employment trend",
                "Monthly jobs in the periods loaded for every area of the region; a month "
                "not disclosed is left out and the line stops there.",
                report.trend,
            )
        )
    return out


# -- PDF ----------------------------------------------------------------------------

_CSS = """
@page { size: A4 landscape; margin: 14mm 14mm 16mm;
  @bottom-left { content: "Source: U.S. Bureau of Labor Statistics, QCEW";
    font-size: 7.5pt; color: #5b6470; }
  @bottom-right { content: "page " counter(page) " of " counter(pages);
    font-size: 7.5pt; color: #5b6470; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 9pt; color: #1f2933; line-height: 1.35; }
h1 { font-size: 18pt; margin: 0 0 1mm; }
h2 { font-size: 12.5pt; border-bottom: 1px solid #9aa5b1; padding-bottom: 1mm; margin-top: 6mm;
  break-after: avoid; break-inside: avoid; }
.muted { color: #5b6470; } .small { font-size: 7.5pt; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0; table-layout: fixed; }
col.rank { width: 4%; } col.industry { width: 27%; }
th, td { border: 1px solid #c8ced6; padding: 1mm 1.5mm; vertical-align: top; text-align: left; }
th { background: #eef1f5; font-weight: bold; font-size: 8pt; }
td.num, th.num { text-align: right; } td.num { white-space: nowrap; }
tr { page-break-inside: avoid; }
thead { display: table-header-group; }
.reasons { color: #5b6470; font-size: 7pt; }
figure { margin: 2mm 0; page-break-inside: avoid; }
figure img { display: block; width: 250mm; max-width: 100%; height: auto; }
figcaption { font-size: 8pt; color: #5b6470; }
ul { margin: 1mm 0; padding-left: 5mm; } li { margin: 0.5mm 0; }
section.chart { page-break-inside: avoid; }
"""


def snapshot_html(report: SnapshotReport) -> str:
    """The report as the HTML WeasyPrint lays out, charts inlined as SVG."""
    e = html.escape
    parts = [
        '<!doctype html><html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(report.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(report.title)}</h1>",
        f'<p class="muted">{e(report.subtitle)}</p>',
        f'<p class="small muted">{e(report.areas)}</p>',
        "<h2>Industries ranked</h2>",
        "<table><colgroup>",
    ]
    for c in report.columns:
        css = {"rank": "rank", "industry_title": "industry"}.get(c.field, "figure")
        parts.append(f'<col class="{css}">')
    parts.append("</colgroup><thead><tr>")
    for c in report.columns:
        parts.append(f"<th{' class=num' if c.numeric else ''}>{e(c.heading)}</th>")
    parts.append("</tr></thead><tbody>")
    for cells, reasons in zip(report.rows, report.reasons, strict=True):
        parts.append("<tr>")
        for c, value in zip(report.columns, cells, strict=True):
            extra = (
                f'<br><span class="reasons">{e(reasons)}</span>'
                if c.field == "industry_title" and reasons
                else ""
            )
            parts.append(f"<td{' class=num' if c.numeric else ''}>{e(value)}{extra}</td>")
        parts.append("</tr>")
    parts.append("</tbody></table>")
    if not report.rows:
        parts.append('<p class="muted">No industry could be ranked: see the notes.</p>')
    if report.unranked:
        parts.append(
            '<p class="small muted">Not ranked: ' + e("; ".join(report.unranked)) + ".</p>"
        )
    for heading, caption, chart in _figures(report):
        parts.append(f'<section class="chart"><h2>{e(heading)}</h2>')
        if chart.spec is not None:
            uri = "data:image/svg+xml;base64," + base64.b64encode(
                chart_svg(chart.spec).encode()
            ).decode("ascii")
            parts.append(
                f'<figure><img src="{uri}" alt="{e(heading)}">'
                f"<figcaption>{e(caption)}</figcaption></figure>"
            )
        else:
            parts.append('<p class="muted">Nothing to draw: no figure is disclosed.</p>')
        lines = [*chart.left_out_lines(), *chart.notes]
        if lines:
            parts.append('<p class="small">About this chart:</p><ul class="small">')
            parts += [f"<li>{e(line)}</li>" for line in lines]
            parts.append("</ul>")
        parts.append("</section>")
    parts.append("<h2>Notes</h2><ul>")
    parts += [f"<li>{e(note)}</li>" for note in report.notes()]
    parts.append("</ul><h2>Sources</h2><ul class=small>")
    parts += [f"<li>{e(source)}</li>" for source in report.sources()]
    parts.append("</ul></body></html>")
    return "".join(parts)


def snapshot_pdf(report: SnapshotReport) -> bytes:
    """The snapshot as a PDF (A4 landscape, WeasyPrint)."""
    from weasyprint import HTML  # heavy (native libraries): loaded for a PDF only

    pdf: bytes = HTML(string=snapshot_html(report), base_url=None).write_pdf()
    return pdf


# -- DOCX ---------------------------------------------------------------------------


def snapshot_docx(report: SnapshotReport) -> bytes:
    """The snapshot as a Word document (landscape, charts as PNG), for conveners to edit."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    d = Document()
    section = d.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    normal = d.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(9.5)

    d.add_heading(report.title, 0)
    d.add_paragraph(report.subtitle)
    d.add_paragraph(report.areas).runs[0].font.size = Pt(8)

    d.add_heading("Industries ranked", 1)
    table = d.add_table(rows=1, cols=len(report.columns))
    table.style = "Light Grid Accent 1"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, column in zip(table.rows[0].cells, report.columns, strict=True):
        _docx_cell(cell, column.heading, bold=True, right=column.numeric, size=Pt(8))
    # Repeat the heading row on every printed page.
    from docx.oxml import OxmlElement

    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    header.append(repeat)
    for cells, reasons in zip(report.rows, report.reasons, strict=True):
        row = table.add_row().cells
        for cell, column, value in zip(row, report.columns, cells, strict=True):
            _docx_cell(cell, value, right=column.numeric, size=Pt(8.5))
            if column.field == "industry_title" and reasons:
                run = cell.add_paragraph().add_run(reasons)
                run.font.size = Pt(7)
    if not report.rows:
        d.add_paragraph("No industry could be ranked: see the notes.")
    if report.unranked:
        d.add_paragraph("Not ranked: " + "; ".join(report.unranked) + ".").runs[0].font.size = Pt(8)

    for heading, caption, chart in _figures(report):
        d.add_heading(heading, 1)
        if chart.spec is not None:
            d.add_picture(io.BytesIO(chart_png(chart.spec)), width=Cm(22))
            d.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            d.add_paragraph(caption).runs[0].font.size = Pt(8)
        else:
            d.add_paragraph("Nothing to draw: no figure is disclosed.")
        lines = [*chart.left_out_lines(), *chart.notes]
        if lines:
            d.add_paragraph("About this chart:").runs[0].font.size = Pt(8)
            for line in lines:
                d.add_paragraph(line, style="List Bullet").runs[0].font.size = Pt(8)

    d.add_heading("Notes", 1)
    for note in report.notes():
        d.add_paragraph(note, style="List Bullet")
    d.add_heading("Sources", 1)
    for source in report.sources():
        d.add_paragraph(source, style="List Bullet").runs[0].font.size = Pt(8)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _docx_cell(cell: Any, text: str, *, bold: bool = False, right: bool = False, size: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    cell.text = ""
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = size
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
