"""Choosing the engine: DuckDB or Spark, from the command line or the environment.

The Spark tests run on the shared local session (``spark`` fixture); a real
standalone cluster is started by tests/spark_cluster.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys

import pyarrow.parquet as pq
import pytest

from convenor.analysis.analyze_cli import analyze_main
from convenor.analysis.cli import qcew_main
from convenor.analysis.engines import EngineChoice, open_store
from convenor.analysis.errors import AnalysisError, InputError
from convenor.analysis.history import HistoryRequest, write_history
from convenor.analysis.location_quotient import all_area_lq, write_all_area_lq
from convenor.analysis.store import connect
from tests.analysis.helpers import ROOT


def _free_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_duckdb_is_the_default_and_the_environment_can_choose_spark(monkeypatch):
    monkeypatch.delenv("CONVENOR_ANALYSIS_ENGINE", raising=False)
    monkeypatch.delenv("CONVENOR_SPARK_MASTER", raising=False)
    assert EngineChoice.parse() == EngineChoice("duckdb", None)
    monkeypatch.setenv("CONVENOR_ANALYSIS_ENGINE", "spark")
    assert EngineChoice.parse() == EngineChoice("spark", "local[*]")
    monkeypatch.setenv("CONVENOR_SPARK_MASTER", "spark://head.example:7077")
    assert EngineChoice.parse() == EngineChoice("spark", "spark://head.example:7077")
    assert EngineChoice.parse("duckdb") == EngineChoice("duckdb", None)


def test_a_spark_master_on_the_command_line_means_spark(monkeypatch):
    monkeypatch.delenv("CONVENOR_ANALYSIS_ENGINE", raising=False)
    assert EngineChoice.parse(None, "spark://10.0.0.5:7077,10.0.0.6:7077").name == "spark"


@pytest.mark.parametrize(
    "engine, master, message",
    [
        ("polars", None, "engine: 'polars' is not an engine (use duckdb or spark)"),
        ("duckdb", "spark://h:7077", "--spark-master needs --engine spark"),
        ("spark", "http://h:8080", "spark master: 'http://h:8080' is not a Spark master URL"),
        ("spark", "spark://h", "spark master: 'spark://h' is not a Spark master URL"),
    ],
)
def test_a_bad_engine_or_master_is_named(engine, master, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        EngineChoice.parse(engine, master)


def test_an_unreachable_master_is_a_one_line_error_naming_it(national_store, tmp_path):
    """No JVM starts: the master's port refuses the connection, the command says so."""
    url = f"spark://127.0.0.1:{_free_port()}"
    out = tmp_path / "lq.parquet"
    argv = ["--data-dir", str(national_store), "qcew", "lq", "--year", "2020", "--out", str(out)]
    result = subprocess.run(
        [sys.executable, "-m", "convenor.analysis.cli", *argv, "--spark-master", url],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=30,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1, result.stderr
    assert f"Spark master {url} is unreachable" in result.stderr
    assert "connection refused" in result.stderr
    assert not out.exists()


def test_an_unknown_master_host_is_named(ohio_store, capsys):
    argv = [
        "--area",
        "39049",
        "--year",
        "2020",
        "--spark-master",
        "spark://no-such-host.invalid:7077",
    ]
    assert analyze_main(argv, qcew_dir=ohio_store) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert (
        "spark://no-such-host.invalid:7077 is unreachable (no-such-host.invalid: unknown host)"
        in err
    )


def test_a_url_store_needs_spark(capsys):
    argv = ["lq", "--year", "2020", "--out", "x.csv", "--store", "s3a://bucket/qcew"]
    assert qcew_main(argv, qcew_dir="unused") == 2
    assert "store s3a://bucket/qcew: a URL store is read by Spark" in capsys.readouterr().err


def test_ingest_can_write_to_the_store_a_cluster_reads(national_file, tmp_path, capsys):
    shared = tmp_path / "shared" / "qcew"
    argv = ["ingest", str(national_file), "--store", str(shared)]
    assert qcew_main(argv, qcew_dir=tmp_path / "elsewhere") == 0
    assert (shared / "manifest.json").exists() and not (tmp_path / "elsewhere").exists()
    assert qcew_main(["ingest", "x.csv", "--store", "s3a://b/q"], qcew_dir="unused") == 2
    assert "ingest writes to a directory" in capsys.readouterr().err


def test_lq_is_written_by_the_engine_with_the_rows_of_the_query(national_store, tmp_path):
    out = tmp_path / "lq.parquet"
    with connect(national_store) as store:
        written = write_all_area_lq(store, 2020, out)
        expected = all_area_lq(store, 2020, published=True)
    table = pq.read_table(out)
    assert written == table.num_rows == expected.num_rows
    assert [(f.name, f.type) for f in table.schema] == [(f.name, f.type) for f in expected.schema]
    key = ("area_fips", "own_code")
    got = table.to_pylist()
    assert [(r["area_fips"], r["own_code"]) for r in got] == sorted(
        (r["area_fips"], r["own_code"]) for r in got
    ), "sorted by area and ownership"
    order = [(k, "ascending") for k in (*key, "industry_code")]
    assert table.sort_by(order).to_pylist() == expected.sort_by(order).to_pylist()
    assert not [p for p in tmp_path.iterdir() if p.name != "lq.parquet"], "no work file left"


def _codes_of(store):
    def build():
        t = store.table()
        return t.filter(t.size_code == 0).select("area_fips", "industry_code", "own_code")

    return ("codes-of-every-row",), build


def test_columns_written_as_categories_hold_the_same_strings_in_the_same_order(
    national_store, tmp_path
):
    """``Store.write(categories=...)``: DuckDB carries a column as an ENUM of a lookup's
    values; the file is the one written without it, byte for byte as CSV."""
    order = ("area_fips", "own_code", "industry_code")
    with connect(national_store) as store:
        key, build = _codes_of(store)
        store.table()  # the rows as ``qcew`` on DuckDB
        store.duck.execute(
            "CREATE TEMP TABLE _codes AS SELECT DISTINCT area_fips, industry_code FROM qcew"
        )
        plain = store.write(key, build, tmp_path / "plain.csv", order_by=order)
        codes = {"area_fips": "_codes", "industry_code": "_codes"}
        enum = store.write(key, build, tmp_path / "enum.csv", order_by=order, categories=codes)
        store.write(key, build, tmp_path / "enum.parquet", order_by=order, categories=codes)
        # A value missing from the lookup fails the write; it never becomes a null.
        store.duck.execute("DELETE FROM _codes WHERE area_fips = 'US000'")
        with pytest.raises(Exception, match="US000"):
            store.write(key, build, tmp_path / "short.csv", order_by=order, categories=codes)
    assert plain == enum > 1000
    assert (tmp_path / "enum.csv").read_bytes() == (tmp_path / "plain.csv").read_bytes()
    schema = pq.read_schema(tmp_path / "enum.parquet")
    assert [str(schema.field(c).type) for c in ("area_fips", "industry_code")] == ["string"] * 2
    assert not (tmp_path / "short.csv").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no work file left"


# -- on Spark (the shared local session) ---------------------------------------

LOCAL = EngineChoice("spark", "local[2]")


def _sorted(table, *keys):
    return table.sort_by([(k, "ascending") for k in keys]).to_pylist()


@pytest.mark.spark
@pytest.mark.slow
def test_spark_writes_the_same_lq_file_as_duckdb(national_store, spark, tmp_path):
    with connect(national_store) as store:
        write_all_area_lq(store, 2020, tmp_path / "duck.parquet", industries=["62", "31-33"])
    with open_store(national_store, LOCAL) as store:
        rows = write_all_area_lq(
            store, 2020, tmp_path / "spark.parquet", industries=["62", "31-33"]
        )
    duck, sparky = (
        pq.read_table(tmp_path / "duck.parquet"),
        pq.read_table(tmp_path / "spark.parquet"),
    )
    assert rows == duck.num_rows > 50
    keys = ("area_fips", "own_code", "industry_code")
    assert _sorted(sparky, *keys) == _sorted(duck.cast(sparky.schema), *keys)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["duck.parquet", "spark.parquet"]


@pytest.mark.spark
@pytest.mark.slow
def test_spark_writes_the_same_history_as_duckdb(history_store, spark, tmp_path):
    request = HistoryRequest.parse(["31-33", "62"], level="county", ownership="total")
    with connect(history_store) as store:
        write_history(store, request, tmp_path / "duck.csv")
    with open_store(history_store, LOCAL) as store:
        result = write_history(store, request, tmp_path / "spark.csv")
    duck = (tmp_path / "duck.csv").read_text().splitlines()
    sparky = (tmp_path / "spark.csv").read_text().splitlines()
    assert result.rows == len(duck) - 1 > 10
    assert duck[0] == sparky[0]
    # Same rows; numbers compared as numbers (Spark prints 1.0E-4 where DuckDB prints 0.0001).
    assert [_parsed(line) for line in sparky] == [_parsed(line) for line in duck]


def _parsed(line: str) -> list[object]:
    import csv

    cells = next(csv.reader([line]))
    out: list[object] = []
    for cell in cells:
        try:
            out.append(round(float(cell), 9))
        except ValueError:
            out.append(cell)
    return out


@pytest.mark.spark
@pytest.mark.slow
def test_a_store_read_from_a_url_gives_the_same_lqs(national_store, spark, tmp_path):
    with open_store(national_store.as_uri(), LOCAL) as store:
        write_all_area_lq(store, 2020, tmp_path / "url.parquet", industries=["62"])
    with connect(national_store) as store:
        write_all_area_lq(store, 2020, tmp_path / "local.parquet", industries=["62"])
    url, local = pq.read_table(tmp_path / "url.parquet"), pq.read_table(tmp_path / "local.parquet")
    assert url.num_rows == local.num_rows > 10
    assert _sorted(url, "area_fips", "own_code") == _sorted(
        local.cast(url.schema), "area_fips", "own_code"
    )


@pytest.mark.spark
@pytest.mark.slow
def test_a_store_spark_cannot_read_names_the_path_and_the_reason(national_store, spark, tmp_path):
    broken = tmp_path / "store"
    shutil.copytree(national_store, broken)
    part = next((broken / "parts").glob("*.parquet"))
    part.unlink()
    with pytest.raises(AnalysisError) as error, open_store(broken, LOCAL) as store:
        write_all_area_lq(store, 2020, tmp_path / "lq.parquet")
    message = str(error.value)
    assert f"cannot read the store {broken}" in message
    assert f"Path does not exist: file:{part}" in message
    assert "\n" not in message
    with pytest.raises(AnalysisError) as error, open_store("s3a://no-bucket/qcew", LOCAL) as store:
        store.coverage()
    assert "cannot read the store s3a://no-bucket/qcew" in str(error.value)
    assert "s3a" in str(error.value).split(": ", 1)[1]


def test_the_occupation_analysis_takes_the_engine_options(tmp_path, capsys):
    from convenor.analysis.occupations.cli import main as occupations_main

    argv = ["--area", "39049", "--industry", "62", "--year", "2020"]
    stores = {"labour_dir": tmp_path / "labour", "qcew_dir": tmp_path / "qcew"}
    assert occupations_main([*argv, "--engine", "polars"], **stores) == 2
    assert "engine: 'polars' is not an engine" in capsys.readouterr().err
    url = f"spark://127.0.0.1:{_free_port()}"
    assert occupations_main([*argv, "--spark-master", url], **stores) == 1
    assert f"Spark master {url} is unreachable" in capsys.readouterr().err
