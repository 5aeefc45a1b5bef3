"""Fetch: BLS open-data URLs, caching, the national file, and failures without tracebacks."""

from __future__ import annotations

import shutil
import socket
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from convenor.analysis.errors import FetchError, InputError
from convenor.analysis.fetch import fetch, slice_url
from convenor.analysis.store import read_manifest
from tests.analysis.helpers import ohio_file, open_data


class _Handler(SimpleHTTPRequestHandler):
    requests: list[str]

    def log_message(self, *args):  # keep test output quiet
        pass

    def do_GET(self):
        self.server.requests.append(self.path)  # type: ignore[attr-defined]
        super().do_GET()


@pytest.fixture
def bls(tmp_path: Path):
    """A local stand-in for data.bls.gov/cew/data/api serving real (re-quoted) files."""
    root = tmp_path / "api"
    area = root / "2020" / "a" / "area"
    area.mkdir(parents=True)
    open_data(ohio_file("a", "39049"), area / "39049.csv")
    # The real US000 file is not in the fixtures: a county file stands in for its bytes.
    us = open_data(ohio_file("a", "39041"), area / "US000.csv")
    us.write_text(us.read_text().replace('"39041"', '"US000"'))
    industry = root / "2020" / "1" / "industry"
    industry.mkdir(parents=True)
    shutil.copy(ohio_file("1", "39049"), industry / "31_33.csv")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, directory=str(root)))
    server.requests = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_urls_follow_the_bls_open_data_layout():
    base = "https://data.bls.gov/cew/data/api"
    assert slice_url(base, 2020, "a", "area", "39049") == f"{base}/2020/a/area/39049.csv"
    assert slice_url(base, 2021, "3", "industry", "31-33") == f"{base}/2021/3/industry/31_33.csv"


def test_fetching_an_area_also_fetches_the_nation_and_ingests_both(bls, store_dir):
    _server, url = bls
    results = fetch(store_dir, year=2020, period="a", areas=["39049"], base_url=url)
    assert [r.url for r in results] == [
        f"{url}/2020/a/area/39049.csv",
        f"{url}/2020/a/area/US000.csv",
    ]
    assert all(r.downloaded and r.ingest.status == "added" for r in results)
    assert read_manifest(store_dir).coverage()[(2020, "a")] == {"39049", "US000"}
    assert (store_dir / "downloads/2020/a/area/39049.csv").exists()


def test_a_second_fetch_uses_the_cache(bls, store_dir):
    server, url = bls
    fetch(store_dir, year=2020, period="a", areas=["39049"], base_url=url)
    asked = len(server.requests)
    again = fetch(store_dir, year=2020, period="a", areas=["39049"], base_url=url)
    assert len(server.requests) == asked
    assert [r.downloaded for r in again] == [False, False]
    assert [r.ingest.status for r in again] == ["unchanged", "unchanged"]


def test_refresh_downloads_again(bls, store_dir):
    server, url = bls
    fetch(store_dir, year=2020, period="a", areas=["39049"], base_url=url)
    asked = len(server.requests)
    fetch(store_dir, year=2020, period="a", areas=["39049"], base_url=url, refresh=True)
    assert len(server.requests) == asked + 2


def test_industry_codes_use_underscores_in_the_url(bls, store_dir):
    _server, url = bls
    results = fetch(store_dir, year=2020, period="1", industries=["31-33"], base_url=url)
    assert results[0].url.endswith("/2020/1/industry/31_33.csv")
    assert results[0].ingest.rows > 0


def test_a_file_bls_does_not_have_is_a_clear_error(bls, store_dir):
    _server, url = bls
    with pytest.raises(FetchError, match=r"BLS has no file at .*/2020/a/area/39999\.csv"):
        fetch(store_dir, year=2020, period="a", areas=["39999"], base_url=url)
    assert not list((store_dir / "downloads").rglob("*.part"))


def test_offline_is_a_clear_error(store_dir):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Nothing listens on the port now: the same as being offline.
    with pytest.raises(FetchError, match=r"cannot reach 127\.0\.0\.1.*convenor qcew ingest"):
        fetch(
            store_dir,
            year=2020,
            period="a",
            areas=["39049"],
            base_url=f"http://127.0.0.1:{port}",
            timeout=2,
        )
    assert read_manifest(store_dir).parts == []


def test_a_page_that_is_not_a_qcew_csv_is_refused(bls, store_dir, tmp_path):
    server, url = bls
    page = Path(server.RequestHandlerClass.keywords["directory"]) / "2020/a/area/39041.csv"
    page.write_text("<html>Service unavailable</html>")
    with pytest.raises(FetchError, match="did not return a QCEW CSV"):
        fetch(store_dir, year=2020, period="a", areas=["39041"], base_url=url, include_nation=False)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"areas": ["ohio"]}, "not an area code"),
        ({"industries": ["manufacturing"]}, "not an industry code"),
        ({}, "at least one"),
        ({"areas": ["39049"], "period": "q"}, "unknown period"),
    ],
)
def test_bad_requests_are_refused_before_any_download(store_dir, options, message):
    options = {"period": "a", **options}
    with pytest.raises(InputError, match=message):
        fetch(store_dir, year=2020, base_url="http://127.0.0.1:9", **options)
