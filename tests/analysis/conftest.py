"""Fixtures of the analysis engine's tests (no Django database needed).

* ``ohio_store``: every real Ohio file ingested once per run (read-only);
* ``national_store``: a small seeded national file from the benchmark
  generator (Ohio counties only, so the "nation" is their sum) with its
  published LQs, ingested once per run;
* ``two_states_store``: the benchmark generator's file for Delaware and
  Maryland, every county with its state (``10000``, ``24000``) and a
  "nation" of the two, for the LQ against the state and regions across a
  state line;
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
def two_states_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from benchmarks.generate import generate

    path = tmp_path_factory.mktemp("two-states") / "2020.annual.singlefile.csv"
    generate(path, states=["10", "24"], threads=2)
    return path


@pytest.fixture(scope="session")
def two_states_store(tmp_path_factory: pytest.TempPathFactory, two_states_file: Path) -> Path:
    root = tmp_path_factory.mktemp("two-states-store")
    ingest([two_states_file], root)
    return root


@pytest.fixture(scope="session")
def two_states(two_states_store: Path) -> Iterator[Store]:
    store = connect(two_states_store)
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


# A code removed from the earliest year of ``history_store``: a NAICS code of a
# later edition, as when a history spans 2012- and 2017-based files.
NEW_CODE_YEAR = 2018


@pytest.fixture(scope="session")
def history_files(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """Three consecutive years of the small seeded national file (Ohio's first 12
    counties), the first without one 6-digit code (see ``history_new_code``)."""
    from benchmarks.generate import SINGLEFILE_COLUMNS, TEXT_COLUMNS, generate_years
    from tests.analysis.helpers import read_rows, write_rows

    folder = tmp_path_factory.mktemp("history")
    generated = generate_years(folder, [2018, 2019, 2020], states=["39"], max_counties=12)
    files = {int(g.path.name[:4]): g.path for g in generated}
    code = history_new_code(files[2020])
    first = files[NEW_CODE_YEAR]
    rows = [r for r in read_rows(first) if r["industry_code"] != code]
    write_rows(first, rows, SINGLEFILE_COLUMNS, quoted=TEXT_COLUMNS)
    return files


def history_new_code(path: Path) -> str:
    """The first 6-digit code with a disclosed private county row in ``path``."""
    from tests.analysis.helpers import read_rows

    return next(
        r["industry_code"]
        for r in read_rows(path)
        if r["agglvl_code"] == "78" and r["own_code"] == "5" and r["disclosure_code"] == ""
    )


@pytest.fixture(scope="session")
def history_store(tmp_path_factory: pytest.TempPathFactory, history_files: dict[int, Path]) -> Path:
    root = tmp_path_factory.mktemp("history-store")
    ingest(list(history_files.values()), root)
    return root
