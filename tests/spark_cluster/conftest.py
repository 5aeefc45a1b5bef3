"""A real Spark standalone cluster on 127.0.0.1 for the tests of this folder.

Slow (each daemon and each command's driver is a JVM): marked ``spark_cluster``
so `make test` runs it once (on SQLite, not again on PostgreSQL) and
`make test-fast` skips it (it is also marked ``spark``).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.cluster import LocalCluster, local_cluster


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "spark_cluster: starts a Spark standalone cluster on 127.0.0.1 (minutes)"
    )


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCluster]:
    if shutil.which("java") is None:
        pytest.fail("Spark needs Java: run scripts/debian-packages (make test does)")
    with local_cluster(tmp_path_factory.mktemp("spark-cluster")) as running:
        yield running


@pytest.fixture(scope="module")
def cluster_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small seeded national file (Ohio's first 12 counties and their nation), ingested."""
    from benchmarks.generate import generate
    from convenor.analysis.ingest import ingest

    folder = tmp_path_factory.mktemp("cluster-data")
    path = generate(folder / "2020.annual.singlefile.csv", states=["39"], max_counties=12).path
    ingest([path], folder / "store")
    return folder / "store"
