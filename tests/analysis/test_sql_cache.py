"""The store's compiled-SQL cache on disk: a later process answers the same as the first.

``convenor analyze`` and ``convenor qcew lq`` keep each query's compiled SQL
under the store's ``cache/sql/`` so a later process runs it on DuckDB without
building the Ibis expression (convenor/analysis/store.py). These tests check
what a user relies on: the warm run's file is the cold run's, and the same as
with the cache off; a store that changed, or code that changed, never gets
SQL compiled for the old one; a broken or unwritable cache only costs time.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from convenor.analysis import store as store_module
from convenor.analysis.analyze_cli import analyze_main
from convenor.analysis.cli import qcew_main
from convenor.analysis.ingest import ingest
from convenor.analysis.store import SQL_CACHE_ENV, read_manifest
from tests.analysis.helpers import ohio_file

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(national_store: Path, tmp_path: Path) -> Path:
    """A copy of the small national store with no cache yet (the fixture is shared)."""
    root = tmp_path / "store"
    shutil.copytree(national_store, root, ignore=shutil.ignore_patterns("cache"))
    return root


def _region(root: Path) -> list[str]:
    areas = read_manifest(root).coverage()[(2020, "a")]
    return sorted(a for a in areas if a.startswith("39") and not a.endswith("000"))[:3]


def _cached(root: Path) -> list[Path]:
    return sorted((root / "cache" / "sql").glob("*.json"))


def _new_process() -> None:
    """What a new process starts with: no compiled query in memory."""
    with store_module._COMPILED_LOCK:
        store_module._COMPILED.clear()


def _analyze(root: Path, out: Path, *extra: str) -> bytes:
    _new_process()
    argv = ["--area", ",".join(_region(root)), "--year", "2020", "--format", "csv"]
    assert analyze_main([*argv, *extra, "--output", str(out)], qcew_dir=root) == 0
    return out.read_bytes()


def _cli(root: Path, argv: list[str], **env: str) -> str:
    """Run the command line in a fresh process; returns which of Ibis and the
    ``duckdb`` package (its Python layer, not the engine) it imported."""
    code = (
        "import sys\n"
        "from convenor.analysis.cli import main\n"
        f"code = main({['--data-dir', str(root), *argv]!r})\n"
        "print(' '.join(m for m in ('ibis', 'duckdb') if m in sys.modules), file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stderr.strip().splitlines()
    return lines[-1] if lines else ""


def test_a_warm_process_writes_the_same_file_without_building_the_query(store, tmp_path):
    argv = ["analyze", "--area", ",".join(_region(store)), "--year", "2020", "--format", "csv"]
    out = {name: tmp_path / f"{name}.csv" for name in ("cold", "warm", "off")}
    assert _cli(store, [*argv, "--output", str(out["cold"])]) == "ibis duckdb"
    assert _cached(store)
    # The second process answers from the cached SQL: neither Ibis nor the duckdb
    # package's Python layer is imported, only the engine (store._duckdb_module).
    assert _cli(store, [*argv, "--output", str(out["warm"])]) == ""
    assert (
        _cli(store, [*argv, "--output", str(out["off"])], **{SQL_CACHE_ENV: "off"}) == "ibis duckdb"
    )
    cold = out["cold"].read_bytes()
    assert len(cold.splitlines()) > 5
    assert out["warm"].read_bytes() == cold
    assert out["off"].read_bytes() == cold


def test_a_warm_lq_process_writes_the_same_rows(store, tmp_path):
    import pyarrow.parquet as pq

    def rows(path: Path) -> list[tuple[object, ...]]:
        table = pq.read_table(path)
        return sorted(zip(*[table[c].to_pylist() for c in table.column_names], strict=True))

    out = {name: tmp_path / f"{name}.parquet" for name in ("cold", "warm", "off")}
    argv = ["qcew", "lq", "--year", "2020", "--out"]
    assert _cli(store, [*argv, str(out["cold"])]) == "ibis duckdb"
    assert _cli(store, [*argv, str(out["warm"])]) == ""
    assert _cli(store, [*argv, str(out["off"])], **{SQL_CACHE_ENV: "off"}) == "ibis duckdb"
    cold = pq.read_table(out["cold"])
    assert cold.num_rows > 1000
    for other in ("warm", "off"):
        assert pq.read_table(out[other]).schema == cold.schema
        assert rows(out[other]) == rows(out["cold"])


def _poison(root: Path) -> None:
    """Make every cached query answer wrongly, so using a stale one shows."""
    for path in _cached(root):
        data = json.loads(path.read_text())
        data["sql"] = f"SELECT * FROM ({data['sql']}) AS q WHERE false"  # noqa: S608
        path.write_text(json.dumps(data))


def test_ingesting_a_file_makes_later_runs_compile_again(store, tmp_path, monkeypatch):
    first = _analyze(store, tmp_path / "first.csv")
    _poison(store)
    # The poisoned cache is what a warm run reads: it does answer from disk.
    assert len(_analyze(store, tmp_path / "poisoned.csv").splitlines()) == 2
    ingest([ohio_file("a", "39049")], store)
    after = _analyze(store, tmp_path / "after.csv")
    assert len(after.splitlines()) > 5
    monkeypatch.setenv(SQL_CACHE_ENV, "off")
    assert _analyze(store, tmp_path / "off.csv") == after
    assert first.splitlines()[:2] == after.splitlines()[:2]


def test_changed_code_never_runs_sql_compiled_by_the_old(store, tmp_path, monkeypatch):
    first = _analyze(store, tmp_path / "first.csv")
    _poison(store)
    monkeypatch.setattr(store_module, "_CODE_FINGERPRINT", "another version of the code")
    assert _analyze(store, tmp_path / "again.csv") == first


def test_a_broken_or_unwritable_cache_only_costs_time(store, tmp_path):
    first = _analyze(store, tmp_path / "first.csv")
    for path in _cached(store):
        path.write_text("{not json")
    assert _analyze(store, tmp_path / "broken.csv") == first
    shutil.rmtree(store / "cache")
    (store / "cache").write_text("a file where the directory would be")
    assert _analyze(store, tmp_path / "unwritable.csv") == first


def test_lq_from_a_warm_cache_is_the_same(store, tmp_path):
    files = []
    for name in ("a", "b"):
        _new_process()
        target = tmp_path / f"{name}.csv"
        assert qcew_main(["lq", "--year", "2020", "--out", str(target)], qcew_dir=store) == 0
        files.append(target)
    assert _cached(store)
    cold, warm = (f.read_text().splitlines() for f in files)
    assert len(cold) > 1000
    assert cold[0] == warm[0]
    assert sorted(cold) == sorted(warm)


def test_an_edited_added_or_removed_source_changes_the_code_fingerprint(tmp_path):
    """The key of the compiled SQL follows the engine's sources (by path, modification
    time and size, as CPython's .pyc check) and the libraries it names."""
    import os

    from convenor.analysis.store import sources_fingerprint

    package = tmp_path / "engine"
    (package / "sub").mkdir(parents=True)
    query = package / "query.py"
    query.write_text("X = 1\n")
    (package / "sub" / "plan.py").write_text("Y = 2\n")
    seen = {sources_fingerprint(package, ("duckdb",))}

    assert sources_fingerprint(package, ("duckdb",)) in seen  # stable when nothing changes
    stat = query.stat()
    query.write_text("X = 2\n")  # same size, edited
    os.utime(query, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    seen.add(sources_fingerprint(package, ("duckdb",)))
    (package / "sub" / "new.py").write_text("Z = 3\n")
    seen.add(sources_fingerprint(package, ("duckdb",)))
    (package / "sub" / "plan.py").unlink()
    seen.add(sources_fingerprint(package, ("duckdb",)))
    seen.add(sources_fingerprint(package, ("duckdb", "sqlglot")))  # another library
    assert len(seen) == 5
