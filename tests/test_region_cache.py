"""The region page's answers are kept per store content and query (convenor.lib.cache):
computed once while the store holds the same files, again when a file comes or goes."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from convenor.lib import cache


@dataclass
class Part:
    sha256: str


@dataclass
class Manifest:
    parts: list[Part]


@dataclass
class StoreLike:
    """What the cache reads of a ``convenor.analysis.store.Store``: its parts and titles."""

    root: str
    parts: list[str]
    names: dict[str, dict[str, str]] = field(default_factory=lambda: {"industry": {}, "area": {}})

    def manifest(self) -> Manifest:
        return Manifest([Part(h) for h in self.parts])

    def titles(self) -> dict[str, dict[str, str]]:
        return self.names


@dataclass(frozen=True)
class Query:
    areas: tuple[str, ...]
    year: int


@pytest.fixture(autouse=True)
def empty():
    cache.clear()
    yield
    cache.clear()


def test_the_same_query_on_the_same_store_is_computed_once():
    store = StoreLike("/stores/a", ["h1", "h2"])
    runs: list[Query] = []

    def build(q: Query):
        return lambda: runs.append(q) or {"query": q}

    q = Query(("39049",), 2024)
    first = cache.from_store(store, q, build(q))
    again = cache.from_store(store, Query(("39049",), 2024), build(q))
    assert first == again == {"query": q}
    assert runs == [q]
    other = Query(("39041",), 2024)
    cache.from_store(store, other, build(other))
    assert runs == [q, other]


def test_a_change_in_the_stores_files_drops_what_was_computed_from_them():
    store = StoreLike("/stores/a", ["h1"])
    q = Query(("39049",), 2024)
    assert cache.from_store(store, q, lambda: "before") == "before"
    store.parts.append("h2")  # a file ingested
    assert cache.from_store(store, q, lambda: "after") == "after"
    store.parts.remove("h2")  # and removed again: the old answer was dropped, not revived
    assert cache.from_store(store, q, lambda: "recomputed") == "recomputed"


def test_new_titles_count_as_a_change_and_stores_do_not_share_answers():
    a = StoreLike("/stores/a", ["h1"])
    b = StoreLike("/stores/b", ["h1"])
    q = Query(("39049",), 2024)
    assert cache.from_store(a, q, lambda: "a") == "a"
    assert cache.from_store(b, q, lambda: "b") == "b"
    a.names = {"industry": {"62": "Health care"}, "area": {}}
    assert cache.from_store(a, q, lambda: "a, titled") == "a, titled"
    assert cache.from_store(b, q, lambda: "unused") == "b"
