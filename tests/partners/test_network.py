from __future__ import annotations

from convenor.partners.models import Category, RelationshipKind
from convenor.partners.network import (
    Edge,
    Node,
    analyse,
    build_graph,
    chart_spec,
    layout,
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
