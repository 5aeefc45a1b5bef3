"""Download BLS QCEW open-data slices, cache them, and ingest them.

BLS serves one CSV per area or industry and period::

    {base_url}/{year}/{period}/area/{area_code}.csv          e.g. 2020/a/area/39049.csv
    {base_url}/{year}/{period}/industry/{industry_code}.csv  ("31-33" is spelled 31_33)

with ``period`` ``a`` (annual averages) or ``1``-``4``. Files are cached under
``<store>/downloads/{year}/{period}/{area|industry}/`` and not downloaded again
unless ``refresh`` is asked; the nation's file (``US000``) is fetched with
every area request, since LQs and shift-share need it. The base URL is a
parameter (the ``QCEW_BASE_URL`` setting), so tests serve fixture files from
a local HTTP server.
"""

from __future__ import annotations

import http.client
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from convenor.analysis import reference as ref
from convenor.analysis.errors import FetchError, InputError
from convenor.analysis.ingest import IngestResult, ProgressCallback, Source, ingest_source
from convenor.analysis.store import store_paths

DEFAULT_BASE_URL = "https://data.bls.gov/cew/data/api"
USER_AGENT = "Convenor/0.1 (QCEW open-data client; +https://github.com/)"
_INDUSTRY = re.compile(r"^(\d{2,6}|\d{2}-\d{2})$")

# Called as (url, bytes so far, total bytes or None) while downloading.
DownloadCallback = Callable[[str, int, int | None], None]


@dataclass
class FetchResult:
    """One slice: where it came from, where it is cached, what ingest did."""

    url: str
    path: Path
    downloaded: bool
    ingest: IngestResult


def slice_url(base_url: str, year: int, period: str, kind: str, code: str) -> str:
    """The open-data URL of one area or industry slice."""
    if kind == "industry":
        code = code.replace("-", "_")
    return f"{base_url.rstrip('/')}/{int(year)}/{period}/{kind}/{code}.csv"


def fetch(
    store_dir: Path | str,
    *,
    year: int,
    period: str,
    areas: Iterable[str] = (),
    industries: Iterable[str] = (),
    base_url: str = DEFAULT_BASE_URL,
    refresh: bool = False,
    include_nation: bool = True,
    timeout: float = 60.0,
    on_download: DownloadCallback | None = None,
    progress: ProgressCallback | None = None,
) -> list[FetchResult]:
    """Download (or reuse) the slices asked for, then ingest each into the store.

    Raises :class:`FetchError` with a one-line reason when BLS cannot be
    reached or has no such file, and :class:`InputError` for bad codes.
    """
    if period not in ref.PERIODS:
        raise InputError(f"unknown period {period!r} (use a, 1, 2, 3 or 4)")
    area_codes = ref.parse_areas(list(areas)) if list(areas) else []
    industry_codes = [c.strip() for c in industries if c.strip()]
    for code in industry_codes:
        if not _INDUSTRY.match(code):
            raise InputError(f"{code!r} is not an industry code (e.g. 3363 or 31-33)")
    if not area_codes and not industry_codes:
        raise InputError("name at least one --area or --industry")
    if include_nation and area_codes and ref.NATION not in area_codes:
        area_codes.append(ref.NATION)
    wanted = [("area", c) for c in area_codes] + [("industry", c) for c in industry_codes]
    downloads = store_paths(Path(store_dir))["downloads"]
    results = []
    for kind, code in wanted:
        url = slice_url(base_url, year, period, kind, code)
        path = downloads / str(int(year)) / period / kind / f"{code.replace('-', '_')}.csv"
        fresh = refresh or not path.exists()
        if fresh:
            _download(url, path, timeout=timeout, on_download=on_download)
        source = Source(name=str(path), path=path, size=path.stat().st_size)
        results.append(
            FetchResult(url, path, fresh, ingest_source(source, store_dir, progress=progress))
        )
    return results


def _download(
    url: str, path: Path, *, timeout: float, on_download: DownloadCallback | None
) -> None:
    scheme = urllib.parse.urlsplit(url).scheme
    if scheme not in ("http", "https"):
        raise FetchError(f"{url}: only http and https URLs can be fetched")
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310
    host = urllib.parse.urlsplit(url).netloc
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            total = response.headers.get("Content-Length")
            size = int(total) if total and total.isdigit() else None
            done = 0
            first = b""
            with open(part, "wb") as out:
                while chunk := response.read(1 << 16):
                    if not first:
                        first = chunk[:512]
                    out.write(chunk)
                    done += len(chunk)
                    if on_download:
                        on_download(url, done, size)
    except urllib.error.HTTPError as exc:
        part.unlink(missing_ok=True)
        if exc.code == 404:
            raise FetchError(
                f"BLS has no file at {url} (HTTP 404): check the code and period"
            ) from None
        raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, ConnectionError, http.client.HTTPException) as exc:
        part.unlink(missing_ok=True)
        reason = getattr(exc, "reason", exc)
        raise FetchError(
            f"cannot reach {host} ({reason}): check the network connection, or download "
            "the files elsewhere and run `convenor qcew ingest`"
        ) from None
    if b"area_fips" not in first.split(b"\n", 1)[0]:
        part.unlink(missing_ok=True)
        raise FetchError(f"{url} did not return a QCEW CSV file")
    os.replace(part, path)
