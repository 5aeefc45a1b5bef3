"""One chart style for the app (issue 18 §2): every chart the pages of the demo draw
carries the shared config, partners are coloured from lib.palette (an employer is the
same colour on every chart), and a legend lists only what the chart draws.

The demo is built in the test database by the demo command's own builders; the owner
walks its pages (same-site links, breadth first, one page per path shape) and every
``{% vega_chart %}`` spec is read off the page. The tag's own styling is switched off
for the walk, so what is checked is what each chart's builder made.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client

from convenor.front.demo import demo_base
from convenor.front.management.commands.demo import build_apps
from convenor.lib import charts, palette
from convenor.workspaces.models import Role

pytestmark = pytest.mark.slow

MAX_PAGES = 250
SKIP = ("/accounts/logout", "/static/", "/media/", "/api/")
SPEC = re.compile(r'<script type="application/json" data-vega-for="([^"]+)">(.*?)</script>', re.S)
HREF = re.compile(r'href="([^"#]+)')


def _shape(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def _walk(client: Client) -> dict[str, dict[str, Any]]:
    """Chart id -> spec (the first page drawing it), over the pages reachable from home."""
    found: dict[str, dict[str, Any]] = {}
    seen_shapes: set[str] = set()
    queue = deque(["/"])
    fetched = 0
    while queue and fetched < MAX_PAGES:
        path = queue.popleft()
        if _shape(path) in seen_shapes:
            continue
        seen_shapes.add(_shape(path))
        response = client.get(path, follow=True)
        fetched += 1
        if response.redirect_chain:
            path = response.redirect_chain[-1][0]
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        body = response.content.decode()
        for chart_id, payload in SPEC.findall(body):
            found.setdefault(chart_id, json.loads(payload))
        for href in HREF.findall(body):
            url = urlsplit(urljoin(path, href.replace("&amp;", "&")))
            if url.scheme or url.netloc or url.query or url.path.startswith(SKIP):
                continue
            if url.path.endswith((".csv", ".xlsx", ".pdf", ".docx", ".ics", ".json", ".zip")):
                continue
            queue.append(url.path)
    return found


def _demo_charts(monkeypatch: pytest.MonkeyPatch) -> dict[str, dict[str, Any]]:
    from convenor.front.templatetags import convenor as tags

    ctx = demo_base(reset=True)
    build_apps(ctx)
    client = Client()
    client.force_login(ctx.users[Role.OWNER])
    # What the builders made: the tag's own styling (a safety net) is switched off.
    monkeypatch.setattr(tags, "styled", lambda spec, **_: spec)
    return _walk(client)


def _views(spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The spec and each of its layers, with the data each draws."""
    yield spec
    for layer in spec.get("layer", []):
        yield {"data": spec.get("data"), **layer}


def _colours(spec: dict[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    for view in _views(spec):
        colour = view.get("encoding", {}).get("color")
        if isinstance(colour, dict):
            yield view, colour


# The charts the demo's pages draw: the walk must reach them, or the checks prove nothing.
EXPECTED = {
    "attendance-chart",
    "share-chart",
    "touches-chart",
    "actions-chart",
    "timeline-chart",
    "employer-trend",
    "challenges-chart",
    "priority-chart",
    "demand-chart",
    "candidate-chart",
}


def test_every_chart_of_the_demo_has_the_one_chart_style(db, monkeypatch):
    # One build and one walk for every check: the demo takes a while.
    found = _demo_charts(monkeypatch)
    assert set(found) >= EXPECTED, sorted(found)  # else the checks below prove nothing
    assert _unstyled(found) == []
    assert _off_palette(found) == []
    assert _employer_colours(found) == {palette.EMPLOYER}
    # The challenges chart counts employers only: its bars are the employers' colour.
    assert found["challenges-chart"]["encoding"]["color"] == {"value": palette.EMPLOYER}
    assert _legend_extras(found) == []
    _timeline_legends(found["timeline-chart"])


def _unstyled(demo_charts: dict[str, Any]) -> list[str]:
    base = charts.base_config()
    unstyled = []
    for chart_id, spec in demo_charts.items():
        if chart_id == "network-chart":
            continue  # the network map is drawn by its own renderer (partners.network)
        config = spec.get("config", {})
        if (
            spec.get("usermeta", {}).get("style") != charts.STYLE
            or config.get("font") != base["font"]
            or config.get("axis", {}).get("labelLimit") != charts.LABEL_LIMIT
            or config.get("legend", {}).get("orient") != "bottom"
            or "autosize" not in spec
        ):
            unstyled.append(chart_id)
    return unstyled


def _named() -> dict[str, str]:
    from convenor.partners.models import Category

    named = {**palette.SIDE_COLOURS, **palette.GROUP_COLOURS}
    named.update({str(c.label): palette.CATEGORY_COLOURS[c.value] for c in Category})
    return named


def _scales(demo_charts: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    """(chart, name, colour) of every colour scale that names its domain."""
    for chart_id, spec in demo_charts.items():
        for _view, colour in _colours(spec):
            scale = colour.get("scale", {})
            yield from (
                (chart_id, name, value)
                for name, value in zip(
                    scale.get("domain", []), scale.get("range", []), strict=False
                )
            )


def _off_palette(demo_charts: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Partner categories, sides or groups drawn in another colour than lib.palette's."""
    named = _named()
    return [
        (c, name, v) for c, name, v in _scales(demo_charts) if name in named and v != named[name]
    ]


def _employer_colours(demo_charts: dict[str, Any]) -> set[str]:
    """The colours employers are drawn in; the charts that set employers apart
    (attendance, priorities, meetings by side) must all be among them."""
    charts_with = {c for c, name, _v in _scales(demo_charts) if name == "Employers"}
    assert {"attendance-chart", "employer-trend", "priority-chart"} <= charts_with
    return {v for _c, name, v in _scales(demo_charts) if name == "Employers"}


def _legend_extras(demo_charts: dict[str, Any]) -> list[tuple[str, str]]:
    """Names a legend lists that its chart does not draw."""
    extra = []
    for chart_id, spec in demo_charts.items():
        for view, colour in _colours(spec):
            domain = colour.get("scale", {}).get("domain")
            field = colour.get("field")
            values = (view.get("data") or {}).get("values")
            if not domain or not field or values is None or view.get("transform"):
                continue
            drawn = {v.get(field) for v in values}
            extra += [(chart_id, name) for name in domain if name not in drawn]
    return extra


def _timeline_legends(spec: dict[str, Any]) -> None:
    """Stages, conveners and phases: a legend each, each listing its own track only."""
    titles = [colour.get("title") for _view, colour in _colours(spec)]
    assert "Stage" in titles and len(titles) == len(set(titles))
    assert spec["resolve"]["scale"]["color"] == "independent"
    for view, colour in _colours(spec):
        labels = {v["label"] for v in view["data"]["values"]}
        assert set(colour["scale"]["domain"]) == labels  # each legend: its own track only


def test_a_chart_without_a_table_beside_it_carries_the_table_of_what_it_draws():
    from convenor.front.templatetags.convenor import vega_chart

    spec = {
        "data": {
            "values": [
                {"date": "2026-03-02", "group": "Employers", "people": 7},
                {"date": "2026-03-02", "group": "Other partners", "people": None},
            ]
        },
        "mark": "bar",
        "encoding": {
            "x": {"field": "date", "type": "ordinal"},
            "y": {"field": "people", "type": "quantitative"},
            "tooltip": [
                {"field": "date", "title": "Date"},
                {"field": "group", "title": "Who"},
                {"field": "people", "title": "People"},
            ],
        },
    }
    html = str(vega_chart(spec, "c", "People at each meeting", table=True))
    table = html[html.index("<details") :]
    assert "<caption>People at each meeting</caption>" in table
    assert '<th scope="col">Date</th><th scope="col">Who</th><th scope="col">People</th>' in table
    assert "<td>2026-03-02</td><td>Employers</td><td>7</td>" in table
    # A figure that is not there reads "n/d", never 0.
    assert "<td>2026-03-02</td><td>Other partners</td><td>n/d</td>" in table
    assert "<details" not in str(vega_chart(spec, "c", "People at each meeting"))
