"""The disclosure rule on pooled employer demand: pages, API and exports hide the same
figures, for everyone, with the reason, and an employer cannot subtract its own rows
to read another's."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client

from convenor.accounts.services import token_create
from convenor.planning.demand import disclosure, selectors, services
from convenor.planning.plan import exports
from tests.html import numbers_shown


def _enter(alice, partnership, org, title, n12, n36, soc=""):
    return services.projection_create(
        actor=alice,
        partnership=partnership,
        organisation=org,
        occupation_title=title,
        soc_code=soc,
        openings_12m=n12,
        openings_36m=n36,
    )


def _pool(alice, partnership, employers, title, figures):
    for org, (n12, n36) in zip(employers, figures, strict=True):
        _enter(alice, partnership, org, title, n12, n36)


def _pooled_table(client, partnership) -> str:
    page = client.get(f"/p/{partnership.pk}/plan/demand/")
    assert page.status_code == 200
    html = page.content.decode()
    match = re.search(r'<table class="data" id="pooled-demand">.*?</table>', html, re.S)
    assert match, "the pooled table is on the page"
    return match.group(0)


def _api(user) -> Client:
    _, token = token_create(user=user, name="t")
    return Client(headers={"Authorization": f"Bearer {token}"})


def _api_rows(user, partnership) -> dict[str, dict]:
    body = _api(user).get(f"/api/partnerships/{partnership.pk}/demand/pooled").json()
    return {r["occupation"]: r for r in body["rows"]}


# --- the rule itself ----------------------------------------------------------------------


def test_three_balanced_employers_may_be_shown():
    assert disclosure.disclosure_reason([(40, 90), (35, 80), (30, 70)]) == ""


def test_two_employers_are_too_few():
    assert disclosure.disclosure_reason([(40, 90), (35, 80)]) == disclosure.HIDDEN_FEW


def test_one_employer_with_most_of_the_openings_hides_the_pool():
    assert disclosure.disclosure_reason([(90, 95), (5, 8), (5, 7)]) == disclosure.HIDDEN_DOMINANT


def test_a_rest_that_is_nearly_all_one_other_employer_hides_the_pool():
    # No employer holds more than 80% of the whole (58/81 = 72%), but the first, taking
    # its 23 away, is left with 58 that are all the second's.
    assert disclosure.disclosure_reason([(23, 29), (58, 64), (0, 0)]) == disclosure.HIDDEN_DOMINANT


def test_the_difference_between_the_horizons_is_checked_too():
    # 12 months balanced, 36 months fine, but openings in months 13-36 are 10, 1 and 1.
    assert disclosure.disclosure_reason([(10, 20), (10, 11), (10, 11)]) == (
        disclosure.HIDDEN_DOMINANT
    )


def test_an_employer_with_several_rows_in_one_pool_counts_once(alice, partnership, employers):
    _pool(alice, partnership, employers, "Welder", [(4, 9), (5, 10), (6, 11)])
    _enter(alice, partnership, employers[0], "welder", 60, 70)  # same pool, by title
    row = selectors.pooled_demand(partnership).rows[0]
    assert row.employers == 3
    assert row.hidden_reason == disclosure.HIDDEN_DOMINANT  # 64 of 75 is Buckeye's


# --- pages --------------------------------------------------------------------------------


def test_a_pool_of_three_where_one_employer_dominates_is_hidden_for_everyone(
    alice, sam, pat, vic, partnership, employers, pat_person, client_for
):
    _pool(
        alice,
        partnership,
        employers,
        "CNC operator",
        [(9013, 9544), (611, 700), (487, 655)],
    )
    for user in (alice, sam, pat, vic):
        table = _pooled_table(client_for(user), partnership)
        assert "CNC operator" in table
        assert "hidden: one employer would learn the others&#x27; figures" in table
        for total in ("10,111", "10111", "10,899", "10899"):
            assert total not in table
        row = _api_rows(user, partnership)["CNC operator"]
        assert (row["openings_12m"], row["openings_36m"]) == (None, None)
        assert row["hidden_reason"] == "hidden: one employer would learn the others' figures"
        assert row["employers"] == 3


def test_a_pool_of_three_balanced_employers_is_shown(
    alice, pat, vic, partnership, employers, pat_person, client_for
):
    _pool(alice, partnership, employers, "CNC operator", [(40, 90), (35, 80), (30, 70)])
    for user in (alice, pat, vic):
        table = _pooled_table(client_for(user), partnership)
        assert re.search(r">105</td><td[^>]*>240</td>", table)
        assert "hidden" not in table
        row = _api_rows(user, partnership)["CNC operator"]
        assert (row["openings_12m"], row["openings_36m"], row["hidden_reason"]) == (105, 240, None)


def test_an_employer_who_could_subtract_its_own_rows_does_not_see_the_pool(
    alice, pat, partnership, employers, pat_person, client_for
):
    # Pat works for Buckeye (23 41 / 29 53). Scioto entered 58 67 / 64 71 and Olentangy
    # entered no openings: total minus Pat's own rows would be exactly Scioto's figure,
    # although no employer holds more than 80% of the whole (a plain dominance rule would
    # show it).
    figures = [(2341, 2953), (5867, 6471), (0, 0)]
    _pool(alice, partnership, employers, "Machinist", figures)
    total_12m = sum(n12 for n12, _ in figures)
    assert all(100 * n12 <= 80 * total_12m for n12, _ in figures)
    pat_client = client_for(pat)
    table = _pooled_table(pat_client, partnership)
    for figure in ("8,208", "8208", "9,424", "9424", "5,867", "5867"):
        assert figure not in table
    assert "hidden: one employer would learn the others&#x27; figures" in table
    row = _api_rows(pat, partnership)["Machinist"]
    assert row["openings_12m"] is None and row["openings_36m"] is None
    assert (
        _api(pat).get(f"/api/partnerships/{partnership.pk}/demand/pooled").json()["total_12m"] == 0
    )
    # Pat still sees her own rows, in their own table.
    page = pat_client.get(f"/p/{partnership.pk}/plan/demand/").content.decode()
    shown = numbers_shown(page)
    assert "2341" in shown and "5867" not in shown


def test_the_page_states_the_rule(alice, vic, partnership, employers, client_for):
    html = client_for(vic).get(f"/p/{partnership.pk}/plan/demand/").content.decode()
    assert "at least 3 employers" in html and "more than 80% one other" in html


# --- API and exports ----------------------------------------------------------------------


@pytest.fixture
def mixed(alice, partnership, employers):
    """Four pools: balanced (shown), dominated, too few, and one an employer could
    subtract its way into."""
    _pool(alice, partnership, employers, "CNC operator", [(40, 90), (35, 80), (30, 70)])
    _pool(alice, partnership, employers, "Welder", [(90, 95), (5, 8), (5, 7)])
    _pool(alice, partnership, employers[:2], "Quality inspector", [(7, 9), (8, 12)])
    _pool(alice, partnership, employers, "Machinist", [(23, 29), (58, 64), (0, 0)])
    return partnership


def test_the_api_and_the_xlsx_export_hide_the_same_cells(sam, mixed):
    from openpyxl import load_workbook

    api = _api_rows(sam, mixed)
    content, _name, _ = exports.action_plan_xlsx(mixed)
    sheet = load_workbook(io.BytesIO(content))["Employer demand"]
    header, *body = list(sheet.iter_rows(values_only=True))
    xlsx = {
        r[0]: dict(zip(header, r, strict=True))
        for r in body
        if r[0] in {"CNC operator", "Welder", "Quality inspector", "Machinist"}
    }
    assert set(xlsx) == set(api)
    hidden = set()
    for occupation, row in api.items():
        cells = (xlsx[occupation]["Openings, 12 months"], xlsx[occupation]["Openings, 36 months"])
        if row["openings_12m"] is None:
            hidden.add(occupation)
            assert cells == (row["hidden_reason"], row["hidden_reason"])
        else:
            assert cells == (row["openings_12m"], row["openings_36m"])
    assert hidden == {"Welder", "Quality inspector", "Machinist"}
    assert xlsx["Quality inspector"]["Openings, 12 months"] == "hidden: fewer than 3 employers"
    assert xlsx["Machinist"]["Openings, 12 months"] == (
        "hidden: one employer would learn the others' figures"
    )
    total = next(r for r in body if r[0] == "Total of the occupations shown")
    assert total[3:5] == (105, 240)
    assert any(r[0] and r[0].startswith("A pooled figure is shown only") for r in body)


def test_the_docx_and_pdf_hide_the_same_cells_with_the_reason(mixed):
    from docx import Document

    content, _name, _ = exports.plan_docx(mixed)
    doc = Document(io.BytesIO(content))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Occupation")
    cells = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in table.rows[1:]}
    dominant = "hidden: one employer would learn the others' figures"
    assert cells == {
        "CNC operator": ["3", "105", "240"],
        "Welder": ["3", dominant, dominant],
        "Machinist": ["3", dominant, dominant],
        "Quality inspector": [
            "fewer than 3",
            "hidden: fewer than 3 employers",
            "hidden: fewer than 3 employers",
        ],
    }
    html = exports.plan_html(mixed)
    section = html[html.index("7. Employer demand") :]
    table = section[section.index("<table>") : section.index("</table>")]
    assert table.count("hidden: one employer would learn the others&#x27; figures") == 4
    assert ">100<" not in table and ">81<" not in table  # the Welder and Machinist totals
    assert ">105<" in table and ">240<" in table
