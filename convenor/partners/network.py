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
from itertools import combinations
from typing import Any

import networkx as nx

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


def category_label(code: str) -> str:
    return _CATEGORY_LABELS.get(code, "No category")


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
    """Node positions from networkx's spring layout with a fixed seed.

    The layout is the slow part of the page (quadratic in the nodes), so the last
    layouts are kept in the process under the graph's signature; a changed graph
    gets a new one. The seed makes every process draw the same picture.
    """
    if graph.number_of_nodes() == 0:
        return {}
    key = f"{seed}:{signature(graph)}"
    if key in _LAYOUTS:
        _LAYOUTS.move_to_end(key)
        return _LAYOUTS[key]
    positions = nx.spring_layout(graph, seed=seed, iterations=50)
    rounded = {k: (round(float(x), 4), round(float(y), 4)) for k, (x, y) in positions.items()}
    _LAYOUTS[key] = rounded
    while len(_LAYOUTS) > _LAYOUTS_KEPT:
        _LAYOUTS.popitem(last=False)
    return rounded


# One colour per partner category (and one for people without an organisation).
COLOUR_DOMAIN = [*Category.labels, "No category"]
COLOURS = [
    "#1f5fa8",  # employers
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#17becf",
    "#bab0ac",
]


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
                        "scale": {"domain": COLOUR_DOMAIN, "range": COLOURS},
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
