"""The analysis options: one request object behind the page, the API and the command line."""

from __future__ import annotations

import html

import pytest

from convenor.analysis import store as store_module
from convenor.analysis.analyze_cli import analyze_main
from convenor.regions import selectors
from tests.regions.test_api import api


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("level", "9", "level: '9' is not an industry level (use total, domain"),
        ("period", "t4", "period: 't4' is not a period (use a for the annual average"),
        ("ownership", "public", "ownership: 'public' is not an ownership (use private"),
        ("base_year", "2021", "base_year: 2021 must be before the year analysed, 2020"),
    ],
)
def test_a_bad_option_gets_the_same_message_on_the_page_the_api_and_the_command_line(
    vic, region, client_for, capsys, option, value, message
):
    query = f"year=2020&{option}={value}"
    page = client_for(vic).get(f"/regions/{region.pk}/?{query}")
    assert page.status_code == 422
    assert message in html.unescape(page.content.decode())

    response = api(vic).get(f"/api/regions/{region.pk}/analysis?{query}")
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"][-1] == option and message in error["msg"]

    flag = "--" + option.replace("_", "-")
    argv = ["--area", *region.codes, "--year", "2020", flag, value]
    assert analyze_main(argv, qcew_dir=selectors.workspace_store_dir(region.workspace)) == 2
    assert message in capsys.readouterr().err


def test_the_analysis_page_reads_the_manifest_once_and_opens_one_connection(
    vic, region, client_for, monkeypatch
):
    reads, connections = [], []
    duckdb = store_module._duckdb_module()  # what the store connects with
    read_manifest, duckdb_connect = store_module.read_manifest_bytes, duckdb.connect
    monkeypatch.setattr(
        store_module,
        "read_manifest_bytes",
        lambda root: reads.append(root) or read_manifest(root),
    )
    monkeypatch.setattr(
        duckdb,
        "connect",
        lambda *a, **k: connections.append(1) or duckdb_connect(*a, **k),
    )
    response = client_for(vic).get(f"/regions/{region.pk}/?year=2020&level=sector")
    assert response.status_code == 200
    assert response.context["trend_spec"] is not None  # the trend ran on the same store
    assert len(reads) == 1
    assert len(connections) == 1


def test_the_regions_page_lists_the_store_without_opening_a_connection(
    vic, workspace, ohio, client_for, monkeypatch
):
    connections = []
    duckdb = store_module._duckdb_module()  # what the store connects with
    duckdb_connect = duckdb.connect
    monkeypatch.setattr(
        duckdb, "connect", lambda *a, **k: connections.append(1) or duckdb_connect(*a, **k)
    )
    page = client_for(vic).get(f"/w/{workspace.slug}/regions/").content.decode()
    assert "morpc-qcew-2020-a-39049.csv" in page
    assert connections == []
