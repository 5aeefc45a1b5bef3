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


# --- Charts in the PDF fit their box, headings keep with them (issue 18 §2) -------------

LONG_OCCUPATION = "Quality inspector for machined aerospace parts and assemblies"


@pytest.fixture
def long_labels(plan, alice, employers):
    """A pooled occupation whose title is longer than any chart label may be."""
    for org, n in zip(employers, (2, 3, 4), strict=True):
        services.projection_create(
            actor=alice,
            partnership=plan,
            organisation=org,
            occupation_title=LONG_OCCUPATION,
            openings_12m=n,
            openings_36m=n * 3,
        )
    return plan


def _chart_svgs(html: str) -> list[str]:
    import base64
    import re

    return [
        base64.b64decode(uri).decode()
        for uri in re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    ]


def _font_file(family: str, bold: bool) -> str:
    """The font file fontconfig (and so WeasyPrint) draws ``family`` with."""
    import shutil
    import subprocess

    if not shutil.which("fc-match"):
        pytest.skip("fontconfig's fc-match is not installed")
    pattern = family.split(",")[0].strip("'\" ") + (":weight=bold" if bold else "")
    return subprocess.run(
        ["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True, check=True
    ).stdout


def _matrix(transform: str) -> list[float]:
    """An SVG transform list (translate, rotate) as an affine [a, b, c, d, e, f]."""
    import math
    import re

    m = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    for name, args in re.findall(r"(\w+)\(([^)]*)\)", transform):
        nums = [float(x) for x in re.split(r"[ ,]+", args.strip()) if x]
        if name == "translate":
            step = [1.0, 0.0, 0.0, 1.0, nums[0], nums[1] if len(nums) > 1 else 0.0]
        elif name == "rotate":
            a = math.radians(nums[0])
            step = [math.cos(a), math.sin(a), -math.sin(a), math.cos(a), 0.0, 0.0]
        else:
            raise AssertionError(f"unexpected transform {name}")
        m = _times(m, step)
    return m


def _times(m: list[float], n: list[float]) -> list[float]:
    a, b, c, d, e, f = m
    return [
        a * n[0] + c * n[1],
        b * n[0] + d * n[1],
        a * n[2] + c * n[3],
        b * n[2] + d * n[3],
        a * n[4] + c * n[5] + e,
        b * n[4] + d * n[5] + f,
    ]


def _texts_outside(svg: str) -> list[str]:
    """Each text of a chart SVG that, drawn in the font WeasyPrint uses, runs past the
    SVG's edge (the clipped "uality inspector" and "Next 12 month")."""
    import xml.etree.ElementTree as ET

    from PIL import ImageFont

    root = ET.fromstring(svg)  # noqa: S314 (our own export's SVG)
    width, height = float(root.get("width")), float(root.get("height"))
    ns = "{http://www.w3.org/2000/svg}"
    out: list[str] = []

    def walk(node, m):
        m = _times(m, _matrix(node.get("transform", "")))
        if node.tag == f"{ns}text" and (node.text or "").strip():
            bold = (node.get("font-weight") or "normal") not in ("normal", "400")
            size = float(node.get("font-size", "11px").rstrip("px"))
            font = ImageFont.truetype(_font_file(node.get("font-family", ""), bold), size)
            w = font.getlength(node.text)
            anchor = node.get("text-anchor", "start")
            x0 = {"start": 0.0, "middle": -w / 2, "end": -w}[anchor]
            x, y = float(node.get("x", 0)), float(node.get("y", 0))
            for px in (x + x0, x + x0 + w):
                gx = m[0] * px + m[2] * y + m[4]
                gy = m[1] * px + m[3] * y + m[5]
                if not (-0.5 <= gx <= width + 0.5 and -0.5 <= gy <= height + 0.5):
                    out.append(node.text)
                    break
        for child in node:
            walk(child, m)

    walk(root, [1.0, 0.0, 0.0, 1.0, 0.0, 0.0])
    return out


def test_no_chart_label_of_the_plan_pdf_runs_past_its_chart(long_labels):
    svgs = _chart_svgs(exports.plan_html(long_labels))
    assert len(svgs) == 3  # priorities, the benchmark, pooled demand
    for svg in svgs:
        assert _texts_outside(svg) == []
    demand = svgs[-1]
    assert "Next 12 months" in demand and "Next 36 months" in demand
    assert "Openings (all employers)" in demand  # the axis title, whole


def test_a_label_cut_short_on_a_chart_is_whole_in_the_table_beside_it(long_labels):
    import re

    from weasyprint import HTML

    html = exports.plan_html(long_labels)
    drawn = re.findall(r"<text[^>]*>([^<]*)</text>", _chart_svgs(html)[-1])
    assert LONG_OCCUPATION not in drawn
    assert any(t.startswith("Quality inspector for") and t.endswith("…") for t in drawn)
    pages = HTML(string=html).render().pages
    text = " ".join(w for p in pages for w in _texts(p._page_box))
    assert LONG_OCCUPATION in " ".join(text.split())


def _boxes(box):
    yield box
    for child in getattr(box, "children", []):
        yield from _boxes(child)


def _pages_of(pages, tag: str, text: str) -> set[int]:
    """The pages the boxes of the element ``tag`` whose text (or alt text) holds ``text``."""
    where: set[int] = set()
    for number, page in enumerate(pages):
        for box in _boxes(page._page_box):
            if getattr(box, "element_tag", None) != tag:
                continue
            words = box.element.get("alt") or " ".join(_texts(box))
            if text in words:
                where.add(number)
    return where


def _rows_split(pages) -> list[set[int]]:
    """The pages of each body row drawn on more than one (a header row repeats by design)."""
    where: dict[int, set[int]] = {}
    for number, page in enumerate(pages):
        for box in _boxes(page._page_box):
            if getattr(box, "element_tag", None) == "tbody":
                for row in box.children:
                    where.setdefault(id(row.element), set()).add(number)
    return [numbers for numbers in where.values() if len(numbers) > 1]


@pytest.mark.parametrize("filler_mm", range(0, 260, 20))
def test_headings_keep_with_their_chart_and_rows_stay_whole_wherever_the_page_breaks(
    long_labels, filler_mm
):
    """A spacer of growing height moves sections 5 to 7 down the page, so a page break
    falls at every place in turn: the heading of a chart is never left at the foot of a
    page without its chart, and a table row is never split over two pages."""
    from weasyprint import HTML

    html = exports.plan_html(long_labels).replace(
        '<h2 style="page-break-before: always">5. Action plan</h2>',
        '<h2 style="page-break-before: always">5. Action plan</h2>'
        f'<div style="height: {filler_mm}mm"></div>',
    )
    pages = HTML(string=html).render().pages
    heading = _pages_of(pages, "h2", "7. Employer demand")
    assert len(heading) == 1 and heading == _pages_of(pages, "img", "Pooled openings")
    benchmark = _pages_of(pages, "h4", "Benchmark: Hires")
    assert len(benchmark) == 1 and benchmark == _pages_of(pages, "img", "Progress of Hires")
    assert _rows_split(pages) == []
