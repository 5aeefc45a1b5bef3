"""The printed regional snapshot (PDF, DOCX) of the real five-county Ohio analysis."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from convenor.analysis.analyze import analyze
from convenor.analysis.analyze_cli import analyze_main
from convenor.analysis.charts import region_trend_chart
from convenor.analysis.report import (
    SnapshotReport,
    snapshot_docx,
    snapshot_html,
    snapshot_report,
)
from convenor.analysis.request import AnalysisRequest
from convenor.analysis.result import RegionAnalysis

REGION = ["39041", "39045", "39047", "39049", "39073"]
MADE_ON = dt.date(2026, 12, 7)


@pytest.fixture(scope="module")
def analysis(ohio) -> RegionAnalysis:
    return analyze(ohio, AnalysisRequest.parse(REGION, 2020, name="Central Ohio"))


@pytest.fixture(scope="module")
def report(ohio, analysis) -> SnapshotReport:
    return snapshot_report(analysis, region_trend_chart(ohio, analysis), made_on=MADE_ON)


def _texts(box):
    if getattr(box, "text", None):
        yield box.text
    for child in getattr(box, "children", []):
        yield from _texts(child)


@pytest.fixture(scope="module")
def pdf_pages(report):
    from weasyprint import HTML

    return HTML(string=snapshot_html(report)).render().pages


def test_the_table_ranks_the_best_scored_industries_with_plain_headers(report, analysis):
    headings = [c.heading for c in report.columns]
    assert headings[:3] == ["Rank", "Industry (NAICS code)", "Jobs (annual average)"]
    assert "Concentration vs. U.S. (location quotient)" in headings
    assert "Job growth per year (compound)" in headings
    assert "Change in jobs since 2019" in headings
    ranked = analysis.ranked()[:15]
    assert [row[1] for row in report.rows] == [
        f"{r['industry_title']} ({r['industry_code']})" for r in ranked
    ]
    jobs = headings.index("Jobs (annual average)")
    for row, record in zip(report.rows, ranked, strict=True):
        prefix = "≥ " if record["lower_bound"] else ""
        assert row[jobs] == f"{prefix}{record['employment']:,}"
    growth = headings.index("Job growth per year (compound)")
    undisclosed = [
        r for r, rec in zip(report.rows, ranked, strict=True) if rec["employment_cagr"] is None
    ]
    assert undisclosed and all(r[growth] == "n/d" for r in undisclosed)  # never 0


def test_the_state_column_is_left_out_with_a_note_when_the_state_is_not_loaded(report):
    assert not any("Ohio (location quotient)" in c.heading for c in report.columns)
    assert any("State data for Ohio (39000) is not loaded" in n for n in report.notes())


def test_the_pdf_reads_as_a_landscape_handout_with_charts_notes_and_sources(report, pdf_pages):
    assert all(p.width > p.height for p in pdf_pages)
    words = [" ".join(_texts(p._page_box)) for p in pdf_pages]
    everything = " ".join(words)
    assert "Central Ohio: regional industry snapshot" in words[0]
    assert "Figures for 2020 annual average" in words[0]
    assert "Prepared 7 December 2026" in words[0]
    for heading in (
        "Industries ranked",
        "Concentration and growth",
        "Employment trend",
        "Notes",
        "Sources",
    ):
        assert heading in everything
    assert everything.index("Industries ranked") < everything.index("Concentration and growth")
    assert "Health Care and Social Assistance" in everything.split("Concentration and growth")[1]
    assert "not disclosed by BLS" in everything
    assert "no file for Fairfield County, Ohio and Fayette County, Ohio" in everything
    assert "morpc-qcew-2020-a-39049.csv" in everything
    html = snapshot_html(report)
    assert html.count("data:image/svg+xml;base64,") == 2  # both charts drawn


def test_the_docx_has_the_table_both_charts_and_the_notes(report):
    from docx import Document

    doc = Document(io.BytesIO(snapshot_docx(report)))
    section = doc.sections[0]
    assert section.page_width > section.page_height
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == [c.heading for c in report.columns]
    assert len(table.rows) == len(report.rows) + 1
    assert table.rows[1].cells[1].text.startswith(report.rows[0][1])
    assert len(doc.inline_shapes) == 2
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Figures for 2020 annual average" in text
    assert "n/d: not disclosed by BLS" in text
    assert "Health Care and Social Assistance" in text.split("Concentration and growth")[1]


def test_the_command_line_writes_the_snapshot(ohio_store, tmp_path, capsys):
    target = tmp_path / "snapshot.docx"
    argv = [
        "--area",
        ",".join(REGION),
        "--year",
        "2020",
        "--format",
        "docx",
        "--output",
        str(target),
    ]
    assert analyze_main(argv, qcew_dir=ohio_store) == 0
    from docx import Document

    doc = Document(str(target))
    assert doc.tables[0].rows[0].cells[0].text == "Rank"
    with pytest.raises(SystemExit) as exit_:
        analyze_main(argv[:-2], qcew_dir=ohio_store)
    assert exit_.value.code == 2
    assert "--format docx needs --output FILE.docx" in capsys.readouterr().err
