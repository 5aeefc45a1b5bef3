"""The plan as PDF and DOCX, the action plan as XLSX."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from convenor.meetings.models import ActionItem
from convenor.planning import services
from convenor.planning.models import FundingSource, LogicColumn
from convenor.planning.plan import exports
from tests.planning import factories


@pytest.fixture
def plan(alice, partnership, issues, employers, college):
    people = [factories.person(partnership, f"Voter {i}", org) for i, org in enumerate(employers)]
    rnd = services.round_open(actor=alice, partnership=partnership, title="Kick-off priorities")
    for p in people:
        services.ballot_cast(
            actor=alice, round=rnd, person=p, ratings={i.pk: (5, 4) for i in issues}
        )
    services.round_close(actor=alice, round=rnd)
    services.round_record_consensus(
        actor=alice, round=rnd, chosen_issues=issues[:1], consensus="Start with CNC."
    )
    ps = services.problem_statement_create(
        actor=alice, issue=issues[0], problem="Too few CNC operators."
    )
    services.why_step_add(actor=alice, problem_statement=ps, because="Shop class was cut.")
    goal = services.goal_create(
        actor=alice, partnership=partnership, title="Fill operator jobs", problem_statement=ps
    )
    b = services.benchmark_create(
        actor=alice,
        goal=goal,
        indicator="Hires",
        baseline_value=0,
        baseline_on=dt.date(2026, 1, 1),
        target_value=50,
        target_on=dt.date(2026, 12, 31),
    )
    services.benchmark_result_record(
        actor=alice, benchmark=b, period_end=dt.date(2026, 6, 30), value=30
    )
    services.action_step_create(
        actor=alice,
        goal=goal,
        title="Recruit ten employers",
        owner=people[0],
        due_on=dt.date(2026, 9, 1),
        new_decision="Pilot a youth apprenticeship.",
        benchmarks=[b],
    )
    for column, text in (
        (LogicColumn.INPUTS, "Employer time"),
        (LogicColumn.IMPACT, "Competitive manufacturers"),
    ):
        services.logic_entry_create(actor=alice, partnership=partnership, column=column, text=text)
    services.resource_create(
        actor=alice,
        partnership=partnership,
        name="Perkins CNC pathway",
        owner_organisation=college,
        funding_sources=[FundingSource.PERKINS],
    )
    for org, n in zip(employers, (3, 4, 5), strict=True):
        services.projection_create(
            actor=alice,
            partnership=partnership,
            organisation=org,
            occupation_title="CNC operator",
            openings_12m=n,
            openings_36m=n * 2,
        )
    services.projection_create(
        actor=alice,
        partnership=partnership,
        organisation=employers[0],
        occupation_title="Tool and die maker",
        openings_12m=731,
        openings_36m=977,
    )
    return partnership


def _texts(box):
    if getattr(box, "text", None):
        yield box.text
    for child in getattr(box, "children", []):
        yield from _texts(child)


def test_the_plan_pdf_is_a_pdf(plan):
    content, name, kind = exports.plan_pdf(plan)
    assert content.startswith(b"%PDF") and name.endswith("-plan.pdf") and kind == "application/pdf"


def test_the_pdf_draws_the_logic_model_on_a_landscape_page_left_to_right(plan):
    from weasyprint import HTML

    pages = HTML(string=exports.plan_html(plan)).render().pages
    logic = next(p for p in pages if "4. Logic model" in " ".join(_texts(p._page_box)))
    assert logic.width > logic.height
    words = list(_texts(logic._page_box))
    assert words.index("Inputs") < words.index("Outputs") < words.index("Impact")
    everything = " ".join(w for p in pages for w in _texts(p._page_box))
    assert "731" not in everything and "977" not in everything


def test_the_plan_pdf_html_has_every_section(plan):
    from django.template.loader import render_to_string

    doc = exports.plan_document(plan)
    html = render_to_string(
        "planning/export/plan.html", {"doc": doc, "figures": {"benchmarks": {}}}
    )
    for heading in (
        "1. Direction",
        "2. Priorities",
        "3. Issues",
        "4. Logic model",
        "5. Action plan",
        "6. Resource map",
        "7. Employer demand",
    ):
        assert heading in html
    assert html.index("Employer time") < html.index("Competitive manufacturers")
    assert "Pilot a youth apprenticeship." in html
    assert "731" not in html and "977" not in html
    assert "24" in html  # the CNC pool: 6 + 8 + 10


def test_the_plan_docx_holds_the_logic_model_left_to_right(plan):
    from docx import Document

    content, name, _ = exports.plan_docx(plan)
    doc = Document(io.BytesIO(content))
    logic = next(t for t in doc.tables if t.rows[0].cells[0].text.startswith("Inputs"))
    assert [c.text.rstrip(" →") for c in logic.rows[0].cells] == [
        "Inputs",
        "Activities",
        "Outputs",
        "Short-term outcomes",
        "Medium-term outcomes",
        "Long-term outcomes",
        "Impact",
    ]
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells
    )
    assert "Why? Shop class was cut." in text
    assert "Pilot a youth apprenticeship." in text
    assert "731" not in text and "977" not in text
    assert name.endswith("-plan.docx")


def test_the_action_plan_xlsx_lists_steps_with_their_decision(plan):
    from openpyxl import load_workbook

    content, _name, _ = exports.action_plan_xlsx(plan)
    wb = load_workbook(io.BytesIO(content))
    assert wb.sheetnames == ["Action steps", "Benchmarks", "Results", "Employer demand"]
    header, row = list(wb["Action steps"].iter_rows(values_only=True))[:2]
    record = dict(zip(header, row, strict=True))
    assert record["Action step"] == "Recruit ten employers"
    assert record["Decision that created it"] == "Pilot a youth apprenticeship."
    assert record["Issue"] == "No qualified CNC applicants"
    assert record["Benchmarks"] == "Hires"
    bench = dict(zip(*list(wb["Benchmarks"].iter_rows(values_only=True))[:2], strict=True))
    assert bench["Share of the way"] == 0.6


def test_the_export_pages_download_files(client_for, vic, plan):
    client = client_for(vic)
    for rest, kind in (("plan.docx", "wordprocessingml"), ("action-plan.xlsx", "spreadsheetml")):
        response = client.get(f"/p/{plan.pk}/plan/export/{rest}")
        assert response.status_code == 200 and kind in response["Content-Type"]
        assert "attachment" in response["Content-Disposition"]


def test_the_action_plan_xlsx_never_runs_a_title_as_a_formula(plan):
    from openpyxl import load_workbook

    ActionItem.objects.filter(title="Recruit ten employers").update(
        title='=HYPERLINK("https://evil.example","click")'
    )
    content, _name, _ = exports.action_plan_xlsx(plan)
    sheet = load_workbook(io.BytesIO(content))["Action steps"]
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert '\'=HYPERLINK("https://evil.example","click")' in [c.value for c in cells]
