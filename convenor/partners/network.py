"""The relationship network: who connects which groups (SPEC 3, "find influencers").

Pure functions over plain ``Node``/``Edge`` rows: build a networkx graph, compute
degree and betweenness, find the people and organisations that bridge partner
categories (e.g. who links employers to education), name the top connectors in
one sentence each, and lay the graph out for a Vega-Lite chart with a fixed
seed, so the same data always draws the same picture.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations
from typing import Any

import networkx as nx
import numpy as np

from convenor.lib.palette import (
    CATEGORY_COLOURS,
    INK,
    NO_CATEGORY,
    NO_CATEGORY_COLOUR,
    category_scale,
)
from convenor.partners.models import Category, RelationshipKind

SEED = 7
# Above this many nodes betweenness is estimated from a sample of sources (networkx ``k``).
EXACT_BETWEENNESS_UP_TO = 600
BETWEENNESS_SAMPLE = 300

_CATEGORY_LABELS = dict(Category.choices)
_FORWARD = dict(RelationshipKind.choices)
_BACKWARD = {
    RelationshipKind.WORKS_FOR: "employs",
    RelationshipKind.BOARD_MEMBER: "has on its board",
    RelationshipKind.ASSOCIATION_MEMBER: "has as a member",
    RelationshipKind.KNOWS: "knows",
    RelationshipKind.FUNDED_BY: "funds",
}


@dataclass(frozen=True)
class Node:
    key: str  # "p<id>" for a person, "o<id>" for an organisation
    label: str
    kind: str  # "person" | "organisation"
    category: str = ""  # an organisation's category; a person's organisation's
    detail: str = ""  # e.g. "HR director, Acme Manufacturing"
    url: str = ""


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    kind: str  # a RelationshipKind value


@dataclass
class NodeMetrics:
    degree: int
    betweenness: float
    categories: list[str]  # categories this node touches: its own and its neighbours'

    @property
    def bridges(self) -> list[tuple[str, str]]:
        return list(combinations(self.categories, 2))


@dataclass
class Connector:
    node: Node
    metrics: NodeMetrics
    sentence: str

    @property
    def rest(self) -> str:
        """The sentence after the node's name, for pages that link the name."""
        label = self.node.label
        return self.sentence[len(label) :] if self.sentence.startswith(label) else self.sentence


@dataclass
class Bridge:
    categories: tuple[str, str]
    labels: tuple[str, str]
    nodes: list[Node]


@dataclass
class NetworkAnalysis:
    graph: nx.Graph
    metrics: dict[str, NodeMetrics]
    connectors: list[Connector]
    bridges: list[Bridge]
    estimated: bool = False  # betweenness from a sample of sources
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return bool(self.graph.number_of_edges() == 0)

    @cached_property
    def map(self) -> dict[str, Any]:
        """The interactive map's data (see ``map_data``), built once per analysis."""
        return map_data(self)


def category_label(code: str) -> str:
    return _CATEGORY_LABELS.get(code, NO_CATEGORY)


def build_graph(nodes: Iterable[Node], edges: Iterable[Edge]) -> nx.Graph:
    """An undirected graph; parallel ties between two nodes are kept as a list of kinds."""
    graph = nx.Graph()
    for node in nodes:
        graph.add_node(node.key, node=node)
    for edge in edges:
        if edge.source == edge.target or edge.source not in graph or edge.target not in graph:
            continue
        if graph.has_edge(edge.source, edge.target):
            graph.edges[edge.source, edge.target]["ties"].append(edge)
        else:
            graph.add_edge(edge.source, edge.target, ties=[edge])
    return graph


def _phrase(graph: nx.Graph, key: str, neighbour: str) -> str:
    other = graph.nodes[neighbour]["node"].label
    phrases = []
    for tie in graph.edges[key, neighbour]["ties"]:
        kind = RelationshipKind(tie.kind)
        verb = _FORWARD[kind] if tie.source == key else _BACKWARD[kind]
        phrases.append(f"{verb} {other}")
    return "; ".join(phrases)


def _sentence(graph: nx.Graph, node: Node, metrics: NodeMetrics) -> str:
    neighbours = sorted(
        graph.neighbors(node.key),
        key=lambda n: (graph.nodes[n]["node"].category == node.category, n),
    )
    phrases = [_phrase(graph, node.key, n) for n in neighbours[:3]]
    if len(neighbours) > 3:
        phrases.append(f"and {len(neighbours) - 3} more")
    labels = [category_label(c) for c in metrics.categories]
    if len(labels) >= 2:
        head = f"{node.label} links {', '.join(labels[:-1])} and {labels[-1]}"
    elif labels:
        head = f"{node.label} is a hub within {labels[0]}"
    else:
        head = f"{node.label} is a hub"
    share = f"{metrics.betweenness:.0%}"
    return (
        f"{head}: {'; '.join(phrases)} ({metrics.degree} ties, on {share} of the shortest "
        "paths between others)."
    )


def analyse(graph: nx.Graph, *, top: int = 5, seed: int = SEED) -> NetworkAnalysis:
    """Degree, betweenness, category bridges and the top connectors of ``graph``."""
    estimated = graph.number_of_nodes() > EXACT_BETWEENNESS_UP_TO
    if graph.number_of_edges() == 0:
        betweenness = dict.fromkeys(graph.nodes, 0.0)
    elif estimated:
        betweenness = nx.betweenness_centrality(
            graph, k=BETWEENNESS_SAMPLE, seed=seed, normalized=True
        )
    else:
        betweenness = nx.betweenness_centrality(graph, normalized=True)
    metrics: dict[str, NodeMetrics] = {}
    for key in graph.nodes:
        node: Node = graph.nodes[key]["node"]
        cats = {node.category} | {graph.nodes[n]["node"].category for n in graph.neighbors(key)}
        cats.discard("")
        ordered = [c for c in Category.values if c in cats]
        metrics[key] = NodeMetrics(
            degree=graph.degree(key), betweenness=betweenness.get(key, 0.0), categories=ordered
        )
    ranked = sorted(
        (k for k in graph.nodes if metrics[k].degree >= 2),
        key=lambda k: (
            -round(metrics[k].betweenness, 6),
            -len(metrics[k].categories),
            -metrics[k].degree,
            graph.nodes[k]["node"].label,
        ),
    )
    connectors = [
        Connector(
            graph.nodes[k]["node"],
            metrics[k],
            _sentence(graph, graph.nodes[k]["node"], metrics[k]),
        )
        for k in ranked[:top]
    ]
    by_pair: dict[tuple[str, str], list[str]] = {}
    for key in ranked:
        for pair in metrics[key].bridges:
            by_pair.setdefault(pair, []).append(key)
    bridges = [
        Bridge(
            pair,
            (category_label(pair[0]), category_label(pair[1])),
            [graph.nodes[k]["node"] for k in keys],
        )
        for pair, keys in sorted(by_pair.items(), key=lambda item: (-len(item[1]), item[0]))
    ]
    return NetworkAnalysis(graph, metrics, connectors, bridges, estimated)


def signature(graph: nx.Graph) -> str:
    """A digest of the graph's nodes and ties: the same graph lays out the same way."""
    nodes = ",".join(sorted(graph.nodes))
    edges = ",".join(sorted(f"{a}-{b}" if a < b else f"{b}-{a}" for a, b in graph.edges))
    return hashlib.sha256(f"{nodes}|{edges}".encode()).hexdigest()[:32]


_LAYOUTS: OrderedDict[str, dict[str, tuple[float, float]]] = OrderedDict()
_LAYOUTS_KEPT = 64


def layout(graph: nx.Graph, *, seed: int = SEED) -> dict[str, tuple[float, float]]:
    """Node positions in [-1, 1] from networkx's spring layout with a fixed seed.

    Each connected component is laid out on its own (over its nodes in sorted order, so
    the picture depends on the graph alone, not on the order it was read in) and the
    components are packed in rows, largest first: a pair of strangers no longer pushes
    the main group into a corner of the map. The layout is the slow part of the page
    (quadratic in the nodes), so the last layouts are kept in the process under the
    graph's signature; a changed graph gets a new one. The seed makes every process
    draw the same picture.
    """
    if graph.number_of_nodes() == 0:
        return {}
    key = f"{seed}:{signature(graph)}"
    if key in _LAYOUTS:
        _LAYOUTS.move_to_end(key)
        return _LAYOUTS[key]
    components = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))
    packed = _pack([_component_layout(graph, c, seed) for c in components])
    rounded = {k: (round(x, 4), round(y, 4)) for k, (x, y) in packed.items()}
    _LAYOUTS[key] = rounded
    while len(_LAYOUTS) > _LAYOUTS_KEPT:
        _LAYOUTS.popitem(last=False)
    return rounded


Point = tuple[float, float]
# Space between packed components, in the units of _component_layout.
COMPONENT_GAP = 1.2
# The packed picture is about this much wider than tall, like the map's box on a laptop.
PACK_ASPECT = 1.6


def _component_layout(graph: nx.Graph, nodes: set[str], seed: int) -> dict[str, Point]:
    """One component, centred, spanning about twice the square root of its size."""
    if len(nodes) == 1:
        return {next(iter(nodes)): (0.0, 0.0)}
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(nodes))
    ordered.add_edges_from(sorted(tuple(sorted(e)) for e in graph.subgraph(nodes).edges))
    raw = nx.spring_layout(ordered, seed=seed, iterations=50)
    keys = list(raw)
    points = np.array([raw[k] for k in keys], dtype=float)
    points -= points.mean(axis=0)
    # Turn the component so its long axis lies across: screens are wider than tall.
    _, vectors = np.linalg.eigh(np.cov(points.T))
    across = vectors[:, -1] * (1 if vectors[0, -1] >= 0 else -1)
    points = points @ np.array([[across[0], -across[1]], [across[1], across[0]]])
    half = float(np.abs(points).max()) or 1.0
    points *= len(nodes) ** 0.5 / half
    return {k: (float(x), float(y)) for k, (x, y) in zip(keys, points, strict=True)}


def _pack(parts: list[dict[str, Point]]) -> dict[str, Point]:
    """Components in rows, left to right and top to bottom, scaled into [-1, 1]."""
    boxes = []
    for part in parts:
        xs = [p[0] for p in part.values()]
        ys = [p[1] for p in part.values()]
        boxes.append((min(xs), max(ys), max(xs) - min(xs) + COMPONENT_GAP, max(ys) - min(ys)))
    area = sum(w * (h + COMPONENT_GAP) for _, _, w, h in boxes)
    row_width = max(max(w for _, _, w, _ in boxes), (area * PACK_ASPECT) ** 0.5)
    placed: dict[str, Point] = {}
    x = top = row_height = 0.0
    for part, (left, upper, w, h) in zip(parts, boxes, strict=True):
        if x > 0 and x + w > row_width:
            x, top, row_height = 0.0, top - row_height - COMPONENT_GAP, 0.0
        for k, (px, py) in part.items():
            placed[k] = (x + px - left, top + py - upper)  # y grows upwards, as networkx's
        x += w
        row_height = max(row_height, h)
    xs = [p[0] for p in placed.values()]
    ys = [p[1] for p in placed.values()]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    half = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 or 1.0
    return {k: ((px - cx) / half, (py - cy) / half) for k, (px, py) in placed.items()}


def chart_spec(analysis: NetworkAnalysis, *, label_top: int = 10) -> dict[str, Any]:
    """A Vega-Lite layered chart: ties as rules, people and organisations as points."""
    graph = analysis.graph
    positions = analysis.positions or layout(graph)
    analysis.positions = positions
    nodes = []
    for key in graph.nodes:
        node: Node = graph.nodes[key]["node"]
        m = analysis.metrics[key]
        x, y = positions[key]
        nodes.append(
            {
                "key": key,
                "label": node.label,
                "kind": "Person" if node.kind == "person" else "Organisation",
                "category": category_label(node.category),
                "detail": node.detail,
                "degree": m.degree,
                "betweenness": round(m.betweenness, 4),
                "x": x,
                "y": y,
            }
        )
    edges = []
    for a, b, data in graph.edges(data=True):
        (x, y), (x2, y2) = positions[a], positions[b]
        kinds = ", ".join(sorted({_FORWARD[RelationshipKind(t.kind)] for t in data["ties"]}))
        edges.append({"x": x, "y": y, "x2": x2, "y2": y2, "kind": kinds})
    top = sorted(nodes, key=lambda n: (-n["betweenness"], -n["degree"], n["label"]))[:label_top]
    xs = [p[0] for p in positions.values()] or [0.0]
    ys = [p[1] for p in positions.values()] or [0.0]
    pad = 0.15
    x_scale = {"domain": [min(xs) - pad, max(xs) + pad]}
    y_scale = {"domain": [min(ys) - pad, max(ys) + pad]}
    x_axis = {"field": "x", "type": "quantitative", "axis": None, "scale": x_scale}
    y_axis = {"field": "y", "type": "quantitative", "axis": None, "scale": y_scale}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": "Relationship network: people and organisations, linked by their ties.",
        "width": "container",
        "height": 520,
        "view": {"stroke": None},
        "layer": [
            {
                "data": {"values": edges},
                "mark": {"type": "rule", "opacity": 0.6, "strokeWidth": 1.3},
                "encoding": {
                    "x": x_axis,
                    "y": y_axis,
                    "x2": {"field": "x2"},
                    "y2": {"field": "y2"},
                    "color": {"value": "#7b8794"},
                    "tooltip": [{"field": "kind", "title": "Tie"}],
                },
            },
            {
                "data": {"values": nodes},
                "mark": {"type": "point", "filled": True, "opacity": 0.95, "stroke": "#ffffff"},
                "encoding": {
                    "x": x_axis,
                    "y": y_axis,
                    "size": {
                        "field": "degree",
                        "type": "quantitative",
                        "scale": {"range": [60, 700]},
                        "title": "Ties",
                    },
                    "color": {
                        "field": "category",
                        "type": "nominal",
                        "title": "Category",
                        "scale": category_scale(
                            Category.choices, sorted({n["category"] for n in nodes})
                        ),
                    },
                    "shape": {
                        "field": "kind",
                        "type": "nominal",
                        "title": "Kind",
                        "scale": {
                            "domain": ["Person", "Organisation"],
                            "range": ["circle", "square"],
                        },
                    },
                    "tooltip": [
                        {"field": "label", "title": "Name"},
                        {"field": "detail", "title": "Detail"},
                        {"field": "category", "title": "Category"},
                        {"field": "degree", "title": "Ties"},
                        {"field": "betweenness", "title": "Betweenness", "format": ".0%"},
                    ],
                },
            },
            {
                "data": {"values": top},
                "mark": {"type": "text", "dy": -14, "fontSize": 11, "fontWeight": "bold"},
                "encoding": {"x": x_axis, "y": y_axis, "text": {"field": "label"}},
            },
        ],
    }


# The map's coordinates: networkx lays out in [-1, 1]; spread the nodes in proportion to
# the square root of their number so a large network is not a blot at any zoom.
MAP_SPREAD = 90.0
MAP_SPREAD_MIN = 260.0
SIZE_METRICS = [("degree", "Ties (degree)"), ("betweenness", "Betweenness")]
# Bridges drawn on the map are the ones the page lists (its first rows and names).
BRIDGES_LISTED = 15
BRIDGE_NODES_LISTED = 6


def legend(analysis: NetworkAnalysis) -> list[dict[str, str]]:
    """The categories present on the map, in the palette's order, with their colours.

    A legend lists only what is drawn: absent categories would tell the reader
    something that is not on the map.
    """
    present = {analysis.graph.nodes[k]["node"].category for k in analysis.graph.nodes}
    rows = [
        {"value": str(c.value), "label": str(c.label), "colour": CATEGORY_COLOURS[c.value]}
        for c in Category
        if c.value in present
    ]
    if present - set(Category.values):
        rows.append({"value": "", "label": NO_CATEGORY, "colour": NO_CATEGORY_COLOUR})
    return rows


def tie_kinds(analysis: NetworkAnalysis) -> list[dict[str, str]]:
    """The kinds of relationship present on the map, in the model's order."""
    present = {t.kind for _, _, data in analysis.graph.edges(data=True) for t in data["ties"]}
    return [
        {"value": str(k.value), "label": str(k.label).capitalize()}
        for k in RelationshipKind
        if k.value in present
    ]


def _listed_bridges(analysis: NetworkAnalysis) -> set[str]:
    return {n.key for b in analysis.bridges[:BRIDGES_LISTED] for n in b.nodes[:BRIDGE_NODES_LISTED]}


def map_data(analysis: NetworkAnalysis) -> dict[str, Any]:
    """Everything the interactive map (partners/static/partners/network.js) draws.

    Positions come from the seeded, cached ``layout`` (the browser uses them as a
    preset layout), so a reload or another visitor sees the same picture; degree and
    betweenness come from ``analyse`` so the map and the lists agree. ``ties`` is one
    row per recorded relationship, read as a sentence, for the table beside the map.
    """
    graph = analysis.graph
    positions = analysis.positions or layout(graph)
    analysis.positions = positions
    spread = max(MAP_SPREAD_MIN, MAP_SPREAD * graph.number_of_nodes() ** 0.5)
    bridges = _listed_bridges(analysis)
    colours = {row["value"]: row["colour"] for row in legend(analysis)}
    rank = {c.node.key: i + 1 for i, c in enumerate(analysis.connectors)}
    nodes = []
    for key in graph.nodes:
        node: Node = graph.nodes[key]["node"]
        m = analysis.metrics[key]
        x, y = positions.get(key, (0.0, 0.0))
        nodes.append(
            {
                "id": key,
                "label": node.label,
                "kind": node.kind,
                "category": node.category if node.category in colours else "",
                "category_label": category_label(node.category),
                "colour": colours.get(node.category, NO_CATEGORY_COLOUR),
                "detail": node.detail,
                "url": node.url,
                "degree": m.degree,
                "betweenness": round(m.betweenness, 4),
                "connector": rank.get(key, 0),
                "bridge": key in bridges,
                # y grows downwards on screen; networkx's grows upwards.
                "x": round(x * spread, 1),
                "y": round(-y * spread, 1),
            }
        )
    nodes.sort(key=lambda n: (-n["betweenness"], -n["degree"], n["label"]))
    edges = []
    ties = []
    for a, b, data in graph.edges(data=True):
        kinds = sorted({t.kind for t in data["ties"]}, key=list(RelationshipKind.values).index)
        edges.append(
            {
                "id": f"{a}-{b}",
                "source": a,
                "target": b,
                "kinds": kinds,
                "label": "; ".join(
                    f"{graph.nodes[t.source]['node'].label} {_FORWARD[RelationshipKind(t.kind)]} "
                    f"{graph.nodes[t.target]['node'].label}"
                    for t in data["ties"]
                ),
            }
        )
        for tie in data["ties"]:
            ties.append(
                {
                    "source": graph.nodes[tie.source]["node"].label,
                    "source_url": graph.nodes[tie.source]["node"].url,
                    "kind": tie.kind,
                    "verb": _FORWARD[RelationshipKind(tie.kind)],
                    "target": graph.nodes[tie.target]["node"].label,
                    "target_url": graph.nodes[tie.target]["node"].url,
                }
            )
    ties.sort(key=lambda t: (t["source"], t["verb"], t["target"]))
    return {
        "nodes": nodes,
        "edges": edges,
        "ties": ties,
        "categories": legend(analysis),
        "kinds": tie_kinds(analysis),
        "metrics": [{"value": v, "label": label} for v, label in SIZE_METRICS],
        "ink": INK,
    }
