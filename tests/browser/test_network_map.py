"""The network map in the browser (issue 18 §3): every partner drawn at the server's
positions, a click focuses a neighbourhood, the legend filters categories and kinds of
relationship, nodes are sized by a chosen metric, labels never overlap, and the map fits
a phone and a laptop. Screenshots are kept under pytest's tmp dir, not compared."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from convenor.lib.palette import CATEGORY_COLOURS
from convenor.partners import network, selectors, services
from convenor.partners.models import Category, Organisation, Person, RelationshipKind, Stage
from convenor.partnerships.services import partnership_create
from convenor.workspaces.services import workspace_create
from tests.browser.conftest import sign_in
from tests.browser.pages import LAPTOP, PHONE, axe_violations
from tests.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world() -> dict[str, Any]:
    """Four organisations in three categories, four people, and a few ties among them."""
    owner = make_user("rosa@map.example", "Rosa Diaz")
    workspace = workspace_create(actor=owner, name="Lakeshore Workforce Board")
    partnership = partnership_create(
        actor=owner, workspace=workspace, name="Lakeshore Manufacturing Partnership"
    )

    def org(name: str, category: str, **extra: Any) -> Organisation:
        return services.organisation_create(
            actor=owner, workspace=workspace, name=name, category=category, **extra
        )

    acme = org("Acme Machining", Category.EMPLOYER)
    beta = org("Beta Plastics", Category.EMPLOYER)
    college = org("Lakeshore Community College", Category.EDUCATION, education_type="college")
    union = org("Machinists Local 12", Category.LABOR)

    def person(name: str, title: str, organisation: Organisation) -> Person:
        return services.person_create(
            actor=owner, workspace=workspace, name=name, title=title, organisation=organisation
        )

    ada = person("Ada Lovelace", "CEO", acme)
    raj = person("Raj Patel", "HR director", beta)
    lee = person("Lee Kim", "Dean", college)
    sam = person("Sam Ortiz", "Business agent", union)
    for p in (ada, raj, lee, sam):
        services.member_add(actor=owner, partnership=partnership, person=p, stage=Stage.MET)

    def tie(kind: str, source: Person | Organisation, target: Person | Organisation) -> None:
        services.relationship_create(
            actor=owner, workspace=workspace, kind=kind, source=source, target=target
        )

    tie(RelationshipKind.BOARD_MEMBER, ada, college)
    tie(RelationshipKind.KNOWS, ada, raj)
    tie(RelationshipKind.KNOWS, lee, sam)
    return {"partnership": partnership, "keys": {p.name: f"p{p.pk}" for p in (ada, raj, lee, sam)}}


def _open_map(page, world: dict[str, Any]) -> None:
    sign_in(page, "rosa@map.example", PASSWORD)
    page.goto(f"/p/{world['partnership'].pk}/network/")
    expect(page.locator('#network-chart[data-drawn="1"]')).to_be_attached()


def _analysis(world: dict[str, Any]) -> network.NetworkAnalysis:
    nodes, edges = selectors.partnership_network(world["partnership"])
    return network.analyse(network.build_graph(nodes, edges))


def per_node(page, expression: str, key: str = "n.data('label')") -> dict[str, Any]:
    """``expression`` (JavaScript over a Cytoscape node ``n``) for every node on the map."""
    return page.evaluate(
        f"() => Object.fromEntries(window.convenorNetwork.nodes().map(n => [{key}, {expression}]))"
    )


def positions(page) -> dict[str, Any]:
    return per_node(page, "n.position()", key="n.id()")


def dimmed(page) -> dict[str, bool]:
    return per_node(page, "n.hasClass('dimmed')")


def widths(page) -> dict[str, float]:
    return per_node(page, "n.width()")


def test_the_map_draws_every_partner_at_the_same_place_on_every_visit(page, world, tmp_path):
    _open_map(page, world)
    drawn = page.evaluate("() => window.convenorNetwork.nodes().length")
    assert drawn == Person.objects.count() + Organisation.objects.count() == 8
    assert page.evaluate("() => window.convenorNetwork.edges().length") == 7  # 4 jobs, 3 ties
    # Cytoscape drew on its canvas, inside the map's box.
    size = page.evaluate(
        "() => { const c = document.querySelector('#network-chart canvas');"
        " return c && {w: c.width, h: c.height}; }"
    )
    assert size and size["w"] > 0 and size["h"] > 0
    # Colours are the app's category colours (lib.palette).
    colours = per_node(page, "n.data('colour')")
    assert colours["Acme Machining"] == CATEGORY_COLOURS[Category.EMPLOYER]
    assert colours["Lee Kim"] == CATEGORY_COLOURS[Category.EDUCATION]
    # The legend names only the categories on the map.
    legend = page.locator("#map-categories label")
    expect(legend).to_have_text(["Employers", "Educational institutions", "Organized labor"])
    page.screenshot(path=str(tmp_path / "network-1200.png"), full_page=True)

    first = positions(page)
    page.reload()
    expect(page.locator('#network-chart[data-drawn="1"]')).to_be_attached()
    assert positions(page) == first
    # The positions are the server's layout, not one made up in the browser.
    layout = network.map_data(_analysis(world))["nodes"]
    assert {n["id"]: {"x": n["x"], "y": n["y"]} for n in layout} == first


def test_labels_are_shown_without_overlapping(page, world):
    _open_map(page, world)
    boxes = page.evaluate(
        """() => window.convenorNetwork.nodes('.labelled').map(n => {
             const b = n.boundingBox(
               {includeNodes: false, includeEdges: false, includeLabels: true});
             return {label: n.data('label'), x1: b.x1, x2: b.x2, y1: b.y1, y2: b.y2};
           })"""
    )
    assert len(boxes) >= 4, boxes
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = (
                a["x2"] <= b["x1"] or b["x2"] <= a["x1"] or a["y2"] <= b["y1"] or b["y2"] <= a["y1"]
            )
            assert apart, f"the labels of {a['label']} and {b['label']} overlap"


def test_clicking_a_node_focuses_its_neighbourhood(page, world):
    _open_map(page, world)
    ada = world["keys"]["Ada Lovelace"]
    where = page.evaluate(
        f"() => window.convenorNetwork.getElementById('{ada}').renderedPosition()"
    )
    box = page.locator("#network-chart").bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + where["x"], box["y"] + where["y"])

    expect(page.locator("#map-focus")).to_contain_text("Focused on Ada Lovelace")
    dim = dimmed(page)
    assert {name for name, d in dim.items() if not d} == {
        "Ada Lovelace",
        "Acme Machining",
        "Lakeshore Community College",
        "Raj Patel",
    }
    assert dim["Sam Ortiz"] and dim["Beta Plastics"] and dim["Lee Kim"]

    page.get_by_role("button", name="Show everyone").click()
    assert not any(dimmed(page).values())


def test_enter_on_a_listed_connector_focuses_it_on_the_map(page, world):
    _open_map(page, world)
    page.get_by_role("button", name="Show on the map: Lee Kim").first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#map-focus")).to_contain_text("Focused on Lee Kim")
    dim = dimmed(page)
    assert not dim["Sam Ortiz"] and not dim["Lakeshore Community College"]
    assert dim["Ada Lovelace"]
    page.keyboard.press("Escape")
    assert not any(dimmed(page).values())


def test_the_filters_hide_a_category_and_a_kind_of_relationship(page, world):
    _open_map(page, world)
    page.get_by_label("Educational institutions").uncheck()
    visible = per_node(page, "n.visible()")
    assert not visible["Lakeshore Community College"] and not visible["Lee Kim"]
    assert all(v for k, v in visible.items() if k not in {"Lakeshore Community College", "Lee Kim"})
    expect(page.locator("#map-count")).to_contain_text("Showing 6 of 8 people and organisations")
    page.get_by_label("Educational institutions").check()

    page.get_by_label("Knows").uncheck()
    shown = page.evaluate(
        "() => window.convenorNetwork.edges(':visible').map(e => e.data('kinds').join())"
    )
    assert sorted(shown) == ["board_member", "works_for", "works_for", "works_for", "works_for"]


def test_sizing_by_betweenness_makes_the_brokers_largest(page, world):
    _open_map(page, world)
    by_degree = widths(page)
    page.get_by_label("Size by").select_option("betweenness")
    by_betweenness = widths(page)
    assert by_betweenness != by_degree
    analysis = _analysis(world)
    labels = {k: analysis.graph.nodes[k]["node"].label for k in analysis.graph.nodes}
    broker = max(analysis.metrics, key=lambda k: analysis.metrics[k].betweenness)
    assert max(by_betweenness, key=by_betweenness.__getitem__) == labels[broker]
    # Nobody's shortest paths run through a leaf: the leaves are the smallest nodes.
    leaves = [labels[k] for k, m in analysis.metrics.items() if m.betweenness == 0]
    assert leaves and all(by_betweenness[n] == min(by_betweenness.values()) for n in leaves)


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["390", "1366"])
def test_the_map_fits_the_screen(page, world, viewport, tmp_path):
    page.set_viewport_size(viewport)
    _open_map(page, world)
    page.screenshot(path=str(tmp_path / f"network-{viewport['width']}.png"), full_page=True)
    m = page.evaluate(
        """() => { const r = document.querySelector('#network-chart').getBoundingClientRect();
             return {scroll: document.documentElement.scrollWidth,
                     client: document.documentElement.clientWidth, left: r.left, right: r.right,
                     inside: window.convenorNetwork.nodes().every(n => {
                       const b = n.renderedBoundingBox({includeLabels: false});
                       return b.x1 >= 0 && b.x2 <= r.width && b.y1 >= 0 && b.y2 <= r.height;
                     })}; }"""
    )
    assert m["scroll"] <= m["client"], f"the page scrolls sideways at {viewport['width']} px"
    assert m["left"] >= 0 and m["right"] <= m["client"]
    assert m["inside"], "a node is drawn outside the map's box"
    # The controls, the key and the tables that stand in for the map pass axe-core.
    page.locator("#map-tables summary").click()
    assert axe_violations(page) == []


def test_names_left_out_at_a_zoom_are_counted_and_the_way_to_read_them_said(page, world):
    """Labels never cover each other, so a zoomed-out map (a wide network on a phone)
    drops some: the page says how many it shows and how to read the others."""
    page.set_viewport_size(PHONE)
    _open_map(page, world)
    chart = page.locator("#network-chart")
    note = page.locator("#map-labels")
    total = page.evaluate(
        "() => window.convenorNetwork.nodes().filter(n => !n.hasClass('filtered')).length"
    )
    if int(chart.get_attribute("data-labels")) == total:
        expect(note).to_be_hidden()
    for _ in range(8):  # zoom out until the names no longer fit
        page.get_by_role("button", name="Zoom out").click()
        page.wait_for_timeout(150)
        if int(chart.get_attribute("data-labels")) < total:
            break
    shown = int(chart.get_attribute("data-labels"))
    assert shown < total, "zoomed far out, every name still fits: the test shows nothing"
    expect(note).to_be_visible()
    expect(note).to_contain_text(f"{shown} of {total} names shown at this zoom")
    page.get_by_role("button", name="Fit the whole network").click()
    page.wait_for_timeout(150)
    if int(chart.get_attribute("data-labels")) == total:
        expect(note).to_be_hidden()
