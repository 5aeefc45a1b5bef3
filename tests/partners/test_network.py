from __future__ import annotations

import pytest

from convenor.lib.palette import CATEGORY_COLOURS, NO_CATEGORY, NO_CATEGORY_COLOUR
from convenor.partners.models import Category, RelationshipKind
from convenor.partners.network import (
    Edge,
    Node,
    analyse,
    build_graph,
    chart_spec,
    layout,
    legend,
    map_data,
)


def sample_graph():
    nodes = [
        Node("o1", "Acme Machining", "organisation", Category.EMPLOYER),
        Node("o2", "Beta Plastics", "organisation", Category.EMPLOYER),
        Node("o3", "Olentangy College", "organisation", Category.EDUCATION),
        Node("p1", "Jane Doe", "person", Category.EMPLOYER, "CEO, Acme Machining"),
        Node("p2", "Raj Patel", "person", Category.EMPLOYER, "HR, Beta Plastics"),
        Node("p3", "Lee Kim", "person", Category.EDUCATION, "Dean"),
    ]
    edges = [
        Edge("p1", "o1", RelationshipKind.WORKS_FOR),
        Edge("p2", "o2", RelationshipKind.WORKS_FOR),
        Edge("p3", "o3", RelationshipKind.WORKS_FOR),
        Edge("p1", "o3", RelationshipKind.BOARD_MEMBER),
        Edge("p1", "p2", RelationshipKind.KNOWS),
    ]
    return build_graph(nodes, edges)


def test_degree_and_betweenness_are_computed_for_every_node():
    analysis = analyse(sample_graph())
    assert analysis.metrics["p1"].degree == 3
    assert analysis.metrics["p1"].betweenness > analysis.metrics["p2"].betweenness
    assert analysis.metrics["o2"].betweenness == 0


def test_the_top_connector_is_the_one_linking_employers_to_education():
    analysis = analyse(sample_graph())
    top = analysis.connectors[0]
    assert top.node.label == "Jane Doe"
    assert top.metrics.categories == [Category.EMPLOYER, Category.EDUCATION]
    assert top.sentence.startswith("Jane Doe links Employers and Educational institutions:")
    assert "board member of Olentangy College" in top.sentence
    assert top.sentence.endswith(".")


def test_bridges_list_who_links_two_categories():
    analysis = analyse(sample_graph())
    bridge = next(b for b in analysis.bridges if b.categories == ("employer", "education"))
    assert next(n.label for n in bridge.nodes) == "Jane Doe"


def test_an_organisation_sentence_reads_ties_from_its_side():
    analysis = analyse(sample_graph())
    college = next(c for c in analysis.connectors if c.node.key == "o3")
    assert "has on its board Jane Doe" in college.sentence
    assert "employs Lee Kim" in college.sentence


def test_the_layout_is_the_same_every_time():
    assert layout(sample_graph()) == layout(sample_graph())


def test_the_chart_draws_every_tie_and_every_node():
    analysis = analyse(sample_graph())
    spec = chart_spec(analysis)
    rules, points, labels = spec["layer"]
    assert rules["mark"]["type"] == "rule"
    assert len(rules["data"]["values"]) == 5
    assert len(points["data"]["values"]) == 6
    assert labels["mark"]["type"] == "text"
    assert {p["category"] for p in points["data"]["values"]} == {
        "Employers",
        "Educational institutions",
    }


def test_an_empty_network_has_no_connectors():
    analysis = analyse(build_graph([Node("o1", "Alone", "organisation")], []))
    assert analysis.is_empty
    assert analysis.connectors == []


def test_ties_to_unknown_nodes_and_self_ties_are_ignored():
    graph = build_graph(
        [Node("p1", "A", "person")],
        [Edge("p1", "p1", RelationshipKind.KNOWS), Edge("p1", "p9", RelationshipKind.KNOWS)],
    )
    assert graph.number_of_edges() == 0


def test_a_large_network_estimates_betweenness_from_a_sample():
    nodes = [Node(f"p{i}", f"P{i}", "person", Category.EMPLOYER) for i in range(700)]
    edges = [Edge(f"p{i}", f"p{i + 1}", RelationshipKind.KNOWS) for i in range(699)]
    analysis = analyse(build_graph(nodes, edges))
    assert analysis.estimated
    assert analysis.connectors


def people(*keys: str, category: str = Category.EMPLOYER) -> list[Node]:
    return [Node(k, k.upper(), "person", category) for k in keys]


def knows(*pairs: str) -> list[Edge]:
    return [Edge(p[0], p[1], RelationshipKind.KNOWS) for p in pairs]


def test_degree_and_betweenness_of_a_path():
    # a - b - c - d: b and c each sit on 2 of the 3 shortest paths between the others.
    analysis = analyse(build_graph(people("a", "b", "c", "d"), knows("ab", "bc", "cd")))
    degree = {k: m.degree for k, m in analysis.metrics.items()}
    betweenness = {k: m.betweenness for k, m in analysis.metrics.items()}
    assert degree == {"a": 1, "b": 2, "c": 2, "d": 1}
    assert betweenness == pytest.approx({"a": 0.0, "b": 2 / 3, "c": 2 / 3, "d": 0.0})


def test_the_broker_between_two_triangles_has_the_highest_betweenness():
    # Two triangles (a b c) and (x y z) joined only through m: every path between them
    # runs through m (9 of the 15 pairs of the others), and through c and x on one side.
    nodes = people("a", "b", "c", "m", "x", "y", "z")
    edges = knows("ab", "bc", "ca", "cm", "mx", "xy", "yz", "zx")
    analysis = analyse(build_graph(nodes, edges))
    m = analysis.metrics
    assert m["m"].degree == 2 and m["c"].degree == 3
    assert m["m"].betweenness == pytest.approx(9 / 15)
    assert m["c"].betweenness == pytest.approx(8 / 15)  # a, b to m, x, y, z
    assert m["a"].betweenness == 0
    assert analysis.connectors[0].node.key == "m"


def test_the_map_carries_the_metrics_and_marks_connectors_and_bridges():
    analysis = analyse(sample_graph())
    data = map_data(analysis)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert set(nodes) == {"o1", "o2", "o3", "p1", "p2", "p3"}
    for key, m in analysis.metrics.items():
        assert nodes[key]["degree"] == m.degree
        assert nodes[key]["betweenness"] == round(m.betweenness, 4)
    assert nodes["p1"]["connector"] == 1  # Jane Doe, the top connector
    assert nodes["o2"]["connector"] == 0
    # Jane Doe links employers and education: listed as a bridge, and so marked.
    assert nodes["p1"]["bridge"] and not nodes["o2"]["bridge"]
    assert len(data["edges"]) == 5
    board = next(e for e in data["edges"] if "board_member" in e["kinds"])
    assert board["label"] == "Jane Doe board member of Olentangy College"
    assert {(t["source"], t["verb"], t["target"]) for t in data["ties"]} >= {
        ("Jane Doe", "knows", "Raj Patel"),
        ("Lee Kim", "works for", "Olentangy College"),
    }


def test_the_map_keeps_its_positions_between_visits():
    first = {n["id"]: (n["x"], n["y"]) for n in map_data(analyse(sample_graph()))["nodes"]}
    again = {n["id"]: (n["x"], n["y"]) for n in map_data(analyse(sample_graph()))["nodes"]}
    assert first == again
    assert len(set(first.values())) == 6  # nobody drawn on top of another


def test_the_legend_lists_only_the_categories_present():
    analysis = analyse(sample_graph())
    assert legend(analysis) == [
        {"value": "employer", "label": "Employers", "colour": CATEGORY_COLOURS["employer"]},
        {
            "value": "education",
            "label": "Educational institutions",
            "colour": CATEGORY_COLOURS["education"],
        },
    ]
    assert map_data(analysis)["categories"] == legend(analysis)
    # The Vega-Lite chart's colour scale names the same two.
    points = chart_spec(analysis)["layer"][1]
    assert points["encoding"]["color"]["scale"]["domain"] == [
        "Employers",
        "Educational institutions",
    ]


def test_a_person_without_an_organisation_is_in_no_category():
    graph = build_graph(
        [Node("p1", "Free Agent", "person"), Node("o1", "Acme", "organisation", Category.LABOR)],
        [Edge("p1", "o1", RelationshipKind.BOARD_MEMBER)],
    )
    data = map_data(analyse(graph))
    assert [c["label"] for c in data["categories"]] == ["Organized labor", NO_CATEGORY]
    free = next(n for n in data["nodes"] if n["id"] == "p1")
    assert free["category"] == "" and free["colour"] == NO_CATEGORY_COLOUR
    assert data["kinds"] == [{"value": "board_member", "label": "Board member of"}]
