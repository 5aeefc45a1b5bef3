"""Fixtures of the occupation engine's tests (no Django database needed).

* ``labour_dir`` / ``labour``: every real file of ``tests/occupations/data``
  (provenance in the README there) ingested once per run, read-only;
* ``ohio_store`` / ``qcew``: the real Ohio QCEW files of the demo, as the
  QCEW engine's tests ingest them;
* ``spark``: the QCEW tests' one local PySpark session fixture (imported, not
  copied; ``getOrCreate`` hands every fixture the same session).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from convenor.analysis.occupations.ingest import ingest
from convenor.analysis.occupations.store import LabourStore, connect
from convenor.analysis.store import Store
from convenor.analysis.store import connect as connect_qcew
from tests.analysis.conftest import ohio_store, spark  # noqa: F401
from tests.occupations.helpers import DATA


@pytest.fixture(scope="session")
def labour_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("labour")
    ingest([DATA], root)
    return root


@pytest.fixture(scope="session")
def labour(labour_dir: Path) -> Iterator[LabourStore]:
    store = connect(labour_dir)
    yield store
    store.close()


@pytest.fixture(scope="session")
def qcew(ohio_store: Path) -> Iterator[Store]:  # noqa: F811
    store = connect_qcew(ohio_store)
    yield store
    store.close()


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    """An empty labour store of the test's own."""
    return tmp_path / "labour"
