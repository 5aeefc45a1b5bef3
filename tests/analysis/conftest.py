"""Fixtures of the analysis engine's tests (no Django database needed).

* ``ohio_store``: every real Ohio file ingested once per run (read-only);
* ``national_store``: a small seeded national file from the benchmark
  generator (Ohio counties only, so the "nation" is their sum) with its
  published LQs, ingested once per run;
* ``spark``: one local PySpark session for the whole run (about 15 s to
  start), for tests marked ``spark``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from convenor.analysis.ingest import ingest
from convenor.analysis.store import Store, connect
from tests.analysis.helpers import OHIO


@pytest.fixture(scope="session")
def ohio_dir() -> Path:
    return OHIO


@pytest.fixture(scope="session")
def ohio_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ohio-store")
    ingest([OHIO], root)
    return root


@pytest.fixture(scope="session")
def ohio(ohio_store: Path) -> Iterator[Store]:
    store = connect(ohio_store)
    yield store
    store.close()


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    """An empty store of the test's own."""
    return tmp_path / "qcew"


@pytest.fixture(scope="session")
def national_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from benchmarks.generate import generate

    path = tmp_path_factory.mktemp("national") / "2020.annual.singlefile.csv"
    generate(path, states=["39"], max_counties=12, threads=2)
    return path


@pytest.fixture(scope="session")
def national_store(tmp_path_factory: pytest.TempPathFactory, national_file: Path) -> Path:
    root = tmp_path_factory.mktemp("national-store")
    ingest([national_file], root)
    return root


@pytest.fixture(scope="session")
def national(national_store: Path) -> Iterator[Store]:
    store = connect(national_store)
    yield store
    store.close()


@pytest.fixture(scope="session")
def spark(tmp_path_factory: pytest.TempPathFactory):
    if shutil.which("java") is None:
        pytest.fail("PySpark needs Java: run scripts/debian-packages (make test does)")
    from pyspark.sql import SparkSession

    warehouse = tmp_path_factory.mktemp("spark-warehouse")
    session = (
        SparkSession.builder.master("local[2]")
        .appName("convenor-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.driver.memory", "1g")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.warehouse.dir", str(warehouse))
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
