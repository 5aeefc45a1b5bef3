"""The command line against a real Spark standalone cluster gives DuckDB's rows.

A master and one worker run on 127.0.0.1 (the scripts PySpark ships); each
command runs as a user runs it, in its own process, with
``--spark-master spark://127.0.0.1:PORT``. The cluster is stopped after the
module, also when a test fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests.analysis.helpers import ROOT

pytestmark = [
    pytest.mark.spark,
    pytest.mark.spark_cluster,
    pytest.mark.slow,
    pytest.mark.xdist_group("spark-cluster"),
]


def cli(store: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONVENOR_")}
    return subprocess.run(
        [sys.executable, "-m", "convenor.analysis.cli", "--data-dir", str(store), *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=900,
    )


def counties(store: Path) -> list[str]:
    from convenor.analysis.store import read_manifest

    areas = read_manifest(store).coverage()[(2020, "a")]
    return sorted(a for a in areas if a[2:] != "000" and a[0].isdigit())[:7]


def completed_apps(cluster) -> list[str]:
    return [app["name"] for app in cluster.state().get("completedapps", [])]


def test_a_region_analysis_on_the_cluster_has_duckdbs_rows(cluster, cluster_store):
    argv = ["analyze", "--area", ",".join(counties(cluster_store)), "--year", "2020"]
    argv += ["--level", "3", "--format", "csv"]
    on_duckdb = cli(cluster_store, *argv)
    assert on_duckdb.returncode == 0, on_duckdb.stderr
    before = completed_apps(cluster)
    on_spark = cli(cluster_store, *argv, "--spark-master", cluster.url)
    assert on_spark.returncode == 0, on_spark.stderr
    assert len(on_duckdb.stdout.splitlines()) > 20
    assert on_spark.stdout == on_duckdb.stdout
    assert len(completed_apps(cluster)) == len(before) + 1, "the application ran on the cluster"


def test_every_areas_lq_on_the_cluster_has_duckdbs_rows(cluster, cluster_store, tmp_path):
    argv = ["qcew", "lq", "--year", "2020"]
    duck = cli(cluster_store, *argv, "--out", str(tmp_path / "duck.parquet"))
    assert duck.returncode == 0, duck.stderr
    spark = cli(
        cluster_store, *argv, "--out", str(tmp_path / "spark.parquet"), "--engine", "spark",
        "--spark-master", cluster.url,
    )  # fmt: skip
    assert spark.returncode == 0, spark.stderr
    assert f"written to {tmp_path / 'spark.parquet'} by Spark ({cluster.url})" in spark.stdout
    on_duckdb, on_spark = (pq.read_table(tmp_path / f"{n}.parquet") for n in ("duck", "spark"))
    assert on_duckdb.num_rows > 5000
    keys = [(k, "ascending") for k in ("area_fips", "own_code", "industry_code")]
    assert (
        on_spark.sort_by(keys).to_pylist()
        == on_duckdb.cast(on_spark.schema).sort_by(keys).to_pylist()
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["duck.parquet", "spark.parquet"]


def test_a_store_the_cluster_cannot_read_names_the_path_and_the_reason(
    cluster, cluster_store, tmp_path
):
    broken = tmp_path / "store"
    shutil.copytree(cluster_store, broken)
    part = next((broken / "parts").glob("*.parquet"))
    part.unlink()
    out = tmp_path / "lq.csv"
    spark = cli(
        broken, "qcew", "lq", "--year", "2020", "--out", str(out), "--spark-master", cluster.url
    )
    assert spark.returncode == 1, spark.stderr
    last = spark.stderr.splitlines()[-1]
    assert f"the Spark cluster ({cluster.url}) cannot read the store {broken}" in last
    assert f"Path does not exist: file:{part}" in last
    assert "Traceback" not in spark.stderr
    assert not out.exists()
