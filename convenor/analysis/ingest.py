"""Ingest BLS QCEW CSV files into the Parquet store.

One file is one DuckDB statement: ``read_csv`` with every column's type given
(no sniffing), the columns renamed to the store's names, written straight to
Parquet. DuckDB checks every value it converts as it reads, so a
non-numeric value stops the read with its line and column; that error is
re-worded (file, line, column) and the half-written file deleted. Columns
Convenor does not use are read as text and not checked. The SQL is built
from file paths (quoted with :func:`_sql_str`) and header names (quoted
with :func:`_ident`), never from other input, hence the ``noqa: S608``. See
:mod:`convenor.analysis.store` for how parts are keyed and replaced.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import hashlib
import io
import os
import re
import shutil
import tempfile
import threading
import time
import uuid
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from convenor.analysis.errors import IngestError, IngestOutOfMemory
from convenor.analysis.layouts import STORED_COLUMNS, Layout, LayoutProblem, detect_layout
from convenor.analysis.store import (
    ROW_KEY,
    Manifest,
    Part,
    locked,
    merge_titles,
    period_key,
    read_manifest,
    store_paths,
    write_manifest,
)
from convenor.lib.archives import ArchiveTooLarge, Limits, check_zip

# Called with (source name, fraction of that file done, 0..1) from the caller's thread.
ProgressCallback = Callable[[str, float], None]

CSV_SUFFIXES = (".csv", ".csv.gz", ".txt")
# DuckDB's own budget; its peak RSS stays well under 1 GiB on a national file.
MEMORY_LIMIT = os.environ.get("CONVENOR_INGEST_MEMORY", "600MB")
PERIODS = ("a", "1", "2", "3", "4")


@dataclass(frozen=True)
class Source:
    """A CSV to ingest: ``name`` is what people see (``x.zip/y.csv``)."""

    name: str
    path: Path
    size: int


@dataclass
class IngestResult:
    """What one file did to the store.

    ``status`` is ``added`` (new rows), ``replaced`` (it superseded rows of
    older files, listed in ``replaced``) or ``unchanged`` (already stored).
    """

    source: str
    status: str
    rows: int
    layout: str
    periods: list[str]
    areas: int
    seconds: float
    replaced: list[str] = field(default_factory=list)


@contextlib.contextmanager
def collect_sources(paths: Iterable[str | Path], work_dir: Path) -> Iterator[list[Source]]:
    """Expand files, folders and .zip archives into the CSV files they hold.

    Archive members are extracted under ``work_dir`` and deleted on exit.
    Raises :class:`IngestError` for a path that does not exist or holds no CSV.
    """
    extracted: list[Path] = []
    sources: list[Source] = []
    try:
        for raw in paths:
            path = Path(raw)
            if not path.exists():
                raise IngestError(str(raw), "no such file or folder")
            if path.is_dir():
                found = sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and (_is_csv(p) or p.suffix.lower() == ".zip")
                )
                if not found:
                    raise IngestError(str(raw), "folder holds no .csv or .zip file")
            else:
                found = [path]
            for item in found:
                if item.suffix.lower() == ".zip":
                    sources.extend(_unzip(item, work_dir, extracted))
                else:
                    # Named without the server folder it was read from (issue 11 §4):
                    # ``2020.annual.by_area/x.csv`` for a file of a folder, else ``x.csv``.
                    name = f"{path.name}/{item.relative_to(path)}" if item != path else item.name
                    sources.append(Source(name, item, item.stat().st_size))
        yield sources
    finally:
        for folder in extracted:
            shutil.rmtree(folder, ignore_errors=True)


def _is_csv(path: Path) -> bool:
    return path.name.lower().endswith(CSV_SUFFIXES)


def _unzip(archive: Path, work_dir: Path, extracted: list[Path]) -> list[Source]:
    try:
        bundle = zipfile.ZipFile(archive)
    except zipfile.BadZipFile:
        raise IngestError(str(archive), "not a readable .zip archive") from None
    out = []
    with bundle:
        members = [m for m in bundle.infolist() if not m.is_dir() and _is_csv(Path(m.filename))]
        if not members:
            raise IngestError(str(archive), "archive holds no .csv file")
        # A zip bomb is refused from the archive's directory, before a byte is written
        # (a 7 MB zip once filled 2 GB of disk before its CSV was found bad).
        try:
            check_zip(bundle, Limits.archive(), what="The archive")
        except ArchiveTooLarge as exc:
            raise IngestError(str(archive), str(exc)) from None
        folder = Path(tempfile.mkdtemp(prefix="unzip-", dir=work_dir))
        extracted.append(folder)
        for index, member in enumerate(members):
            # Flattened, numbered names: members may share a base name in two folders.
            target = folder / f"{index:05d}-{Path(member.filename).name}"
            with bundle.open(member) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
            name = f"{archive.name}/{member.filename}"
            out.append(Source(name, target, target.stat().st_size))
    return out


def ingest(
    paths: Iterable[str | Path], store_dir: Path | str, *, progress: ProgressCallback | None = None
) -> list[IngestResult]:
    """Ingest files, folders or .zip archives of QCEW CSVs into the store.

    Stops at the first bad file with :class:`IngestError` (files before it
    stay stored, nothing of the bad one is). The CLI and the upload task
    drive :func:`ingest_source` themselves to report per file.
    """
    root = Path(store_dir)
    work = store_paths(root)["tmp"]
    with collect_sources(paths, work) as sources:
        return [ingest_source(source, root, progress=progress) for source in sources]


def ingest_source(
    source: Source, store_dir: Path | str, *, progress: ProgressCallback | None = None
) -> IngestResult:
    """Ingest one CSV file into the store; see the module docstring."""
    started = time.perf_counter()
    root = Path(store_dir)
    paths = store_paths(root)
    layout = _layout_of(source)
    sha = _sha256(source.path)
    with locked(root):
        manifest = read_manifest(root)
        known = manifest.by_hash(sha)
        if known is not None and not known.trimmed:
            return IngestResult(
                source=source.name,
                status="unchanged",
                rows=known.rows,
                layout=known.layout,
                periods=sorted(known.coverage),
                areas=len({a for areas in known.coverage.values() for a in areas}),
                seconds=time.perf_counter() - started,
            )
        tmp = paths["tmp"] / f"{uuid.uuid4().hex}.parquet"
        con = _duckdb(paths["tmp"], with_progress=progress is not None)
        try:
            _copy_to_parquet(con, source, layout, tmp, progress)
            coverage, rows = _summarise(con, source, layout, tmp)
            if layout.titles:
                _capture_titles(con, source, layout, root)
            manifest.seq += 1
            part = Part(
                id=sha[:16],
                file=f"parts/{sha[:16]}.parquet",
                sha256=sha,
                source=source.name,
                layout=layout.name,
                rows=rows,
                coverage=coverage,
                ingested_at=datetime.now(UTC).isoformat(timespec="seconds"),
                seq=manifest.seq,
            )
            obsolete, replaced = _supersede(con, root, manifest, part, tmp)
            os.replace(tmp, root / part.file)
            manifest.parts.append(part)
            write_manifest(root, manifest)
        finally:
            con.close()
            tmp.unlink(missing_ok=True)
        for old in obsolete:
            if old != root / part.file:
                old.unlink(missing_ok=True)
    return IngestResult(
        source=source.name,
        status="replaced" if replaced else "added",
        rows=rows,
        layout=layout.name,
        periods=sorted(coverage),
        areas=len({a for areas in coverage.values() for a in areas}),
        seconds=time.perf_counter() - started,
        replaced=replaced,
    )


def _layout_of(source: Source) -> Layout:
    opener = gzip.open if source.path.name.lower().endswith(".gz") else open
    try:
        with opener(source.path, "rb") as handle:
            first = handle.readline(1 << 16)
    except OSError as exc:
        raise IngestError(source.name, f"cannot read the file ({exc.strerror or exc})") from None
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise IngestError(source.name, "not a text CSV file", line=1) from None
    if not text.strip():
        raise IngestError(source.name, "empty file: no header", line=1)
    header = next(csv.reader(io.StringIO(text)))
    try:
        return detect_layout(header)
    except LayoutProblem as exc:
        raise IngestError(source.name, str(exc), line=1, column=exc.column) from None


def _sha256(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _duckdb(tmp_dir: Path, *, with_progress: bool) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    con.execute(f"SET temp_directory = '{_sql_str(str(tmp_dir))}'")
    if with_progress:
        con.execute("SET enable_progress_bar = true")
        con.execute("SET enable_progress_bar_print = false")
    return con


def _sql_str(value: str) -> str:
    return value.replace("'", "''")


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def read_csv_sql(path: Path, layout: Layout) -> str:
    """The ``read_csv(...)`` call for a file of this layout (no sniffing)."""
    columns = ", ".join(f"'{_sql_str(n)}': '{t}'" for n, t in layout.csv_columns.items())
    return (
        f"read_csv('{_sql_str(str(path))}', auto_detect = false, header = true, "
        "delim = ',', quote = '\"', escape = '\"', "
        f"columns = {{{columns}}})"
    )


# BLS prints 0 for what it suppresses; these are stored as NULL instead, so
# no reader of the store can take a suppressed cell for a real zero.
_NULL_IF_SUPPRESSED = {
    "employment": "disclosure_code",
    "month1_employment": "disclosure_code",
    "month2_employment": "disclosure_code",
    "month3_employment": "disclosure_code",
    "total_wages": "disclosure_code",
    "avg_weekly_wage": "disclosure_code",
    "avg_annual_pay": "disclosure_code",
    "lq_employment": "lq_disclosure_code",
    "lq_total_wages": "lq_disclosure_code",
    "oty_employment_chg": "oty_disclosure_code",
    "oty_month1_employment_chg": "oty_disclosure_code",
    "oty_month2_employment_chg": "oty_disclosure_code",
    "oty_month3_employment_chg": "oty_disclosure_code",
    "oty_total_wages_chg": "oty_disclosure_code",
}


def select_sql(layout: Layout) -> str:
    """The SELECT list that renames a layout's columns to the store's.

    Suppressed figures (disclosure code ``N``) become NULL; establishment
    counts, which BLS publishes even then, are kept.
    """
    out = []
    for name, sql_type in STORED_COLUMNS.items():
        src = layout.source.get(name)
        col = _ident(src) if src else None
        if name == "employment" and layout.kind == "quarterly":
            col = _ident(layout.source["month3_employment"])
        if name == "oty_employment_chg" and layout.kind == "quarterly":
            month3 = layout.source.get("oty_month3_employment_chg")
            col = _ident(month3) if month3 else None
        if col is None:
            default = "0" if name == "size_code" else "NULL"
            expr = f"CAST({default} AS {sql_type})"
        elif name == "area_fips":
            # A spreadsheet re-save drops leading zeros ("1001" for Autauga, AL).
            expr = (
                f"CASE WHEN regexp_full_match(trim({col}), '[0-9]{{1,4}}') "
                f"THEN lpad(trim({col}), 5, '0') ELSE upper(trim({col})) END"
            )
        elif name == "period":
            expr = f"lower(trim({col}))"
        elif name == "industry_code":
            expr = f"trim({col})"
        elif name.endswith("disclosure_code"):
            # Blank and "" both mean "disclosed"; store NULL for both.
            expr = f"NULLIF(trim({col}), '')"
        else:
            expr = col
            flag = layout.source.get(_NULL_IF_SUPPRESSED.get(name, ""))
            if flag:
                expr = f"CASE WHEN trim({_ident(flag)}) = 'N' THEN NULL ELSE {col} END"
        out.append(f"{expr} AS {_ident(name)}")
    return ",\n  ".join(out)


_LINE = re.compile(r"CSV Error on Line: (\d+)")
_CONVERT = re.compile(r'converting column "(.+?)"\. Could not convert string "(.*?)" to')
_COLUMNS = re.compile(r"Expected Number of Columns: (\d+) Found: (\d+)")


def _reword(source: Source, exc: duckdb.Error) -> IngestError:
    text = str(exc)
    if isinstance(exc, duckdb.OutOfMemoryException):
        # Not the file's fault: DuckDB could not allocate (a job's memory budget,
        # CONVENOR_JOB_MEMORY_MB, or the machine's memory ran out).
        first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
        return IngestOutOfMemory(source.name, f"ran out of memory while reading it ({first})")
    line_match = _LINE.search(text)
    line = int(line_match.group(1)) if line_match else None
    convert = _CONVERT.search(text)
    if convert:
        value = convert.group(2)
        shown = value if len(value) <= 40 else value[:37] + "..."
        return IngestError(
            source.name, f"not a number: {shown!r}", line=line, column=convert.group(1)
        )
    columns = _COLUMNS.search(text)
    if columns:
        return IngestError(
            source.name,
            f"row has {columns.group(2)} fields, the header has {columns.group(1)}",
            line=line,
        )
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    return IngestError(source.name, f"unreadable CSV ({first})", line=line)


def _copy_to_parquet(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    layout: Layout,
    target: Path,
    progress: ProgressCallback | None,
) -> None:
    sql = (
        f"COPY (SELECT\n  {select_sql(layout)}\nFROM {read_csv_sql(source.path, layout)}) "
        f"TO '{_sql_str(str(target))}' (FORMAT parquet)"
    )
    if progress is None:
        try:
            con.execute(sql)
        except duckdb.Error as exc:
            raise _reword(source, exc) from None
        return
    # The statement runs in a worker thread so progress is reported from the
    # caller's own thread (the web task's database connection lives there).
    failure: list[BaseException] = []

    def run() -> None:
        try:
            con.execute(sql)
        except BaseException as exc:
            failure.append(exc)

    worker = threading.Thread(target=run, name="qcew-ingest", daemon=True)
    worker.start()
    progress(source.name, 0.0)
    while worker.is_alive():
        worker.join(0.2)
        with contextlib.suppress(duckdb.Error):
            done = con.query_progress()
            if done >= 0:
                progress(source.name, min(done / 100.0, 1.0))
    if failure:
        error = failure[0]
        if isinstance(error, duckdb.Error):
            raise _reword(source, error) from None
        raise error
    progress(source.name, 1.0)


def _summarise(
    con: duckdb.DuckDBPyConnection, source: Source, layout: Layout, tmp: Path
) -> tuple[dict[str, list[str]], int]:
    rows = con.execute(
        f"""SELECT year, period, list(DISTINCT area_fips), count(*),
                   count_if(area_fips IS NULL OR area_fips = ''),
                   count_if(industry_code IS NULL OR industry_code = ''),
                   count_if(own_code IS NULL), count_if(agglvl_code IS NULL)
            FROM read_parquet('{_sql_str(str(tmp))}') GROUP BY ALL"""  # noqa: S608
    ).fetchall()
    if not rows:
        raise IngestError(source.name, "no data rows after the header", line=2)
    coverage: dict[str, list[str]] = {}
    total = 0
    for year, period, areas, count, no_area, no_industry, no_own, no_agglvl in rows:
        for label, missing in (
            ("area_fips", no_area),
            ("industry_code", no_industry),
            ("own_code", no_own),
            ("agglvl_code", no_agglvl),
        ):
            if missing:
                column = layout.source[label]
                raise IngestError(
                    source.name,
                    "empty value",
                    line=_find_line(source, column, lambda v: not v.strip()),
                    column=column,
                )
        wanted = ("a",) if layout.kind == "annual" else ("1", "2", "3", "4")
        if year is None or period not in wanted:
            column = layout.source["year" if year is None else "period"]
            expected = "a year" if year is None else " or ".join(map(repr, wanted))
            no_year = year is None

            def bad(value: str, wanted: tuple[str, ...] = wanted, no_year: bool = no_year) -> bool:
                return not value.strip() if no_year else value.strip().lower() not in wanted

            raise IngestError(
                source.name,
                f"expected {expected} in a {layout.kind} file",
                line=_find_line(source, column, bad),
                column=column,
            )
        coverage[period_key(year, period)] = sorted(a for a in areas if a)
        total += count
    return coverage, total


def _find_line(source: Source, column: str, bad: Callable[[str], bool]) -> int | None:
    """The first line whose ``column`` value is ``bad`` (only on the error path)."""
    opener = gzip.open if source.path.name.lower().endswith(".gz") else open
    with opener(source.path, "rt", encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = [h.strip().lower() for h in next(reader)]
        index = header.index(column)
        for number, row in enumerate(reader, start=2):
            if index < len(row) and bad(row[index]):
                return number
    return None


def _capture_titles(
    con: duckdb.DuckDBPyConnection, source: Source, layout: Layout, root: Path
) -> None:
    # By-area and by-industry files name every code; keep the names so codes
    # missing from the shipped lists (older NAICS vintages) still get a title.
    read = read_csv_sql(source.path, layout)
    industry: dict[str, str] = {}
    area: dict[str, str] = {}
    if "industry_title" in layout.titles:
        code = _ident(layout.source["industry_code"])
        for key, title in con.execute(
            f"SELECT trim({code}), any_value(industry_title) FROM {read} GROUP BY 1"  # noqa: S608
        ).fetchall():
            if key and title:
                industry[key] = re.sub(r"^NAICS\s+\S+\s+", "", title.strip())
    if "area_title" in layout.titles:
        code = _ident(layout.source["area_fips"])
        for key, title in con.execute(
            f"SELECT trim({code}), any_value(area_title) FROM {read} GROUP BY 1"  # noqa: S608
        ).fetchall():
            if key and title:
                area[key.zfill(5) if key.isdigit() else key] = title.strip()
    merge_titles(root, industry, area)


def _supersede(
    con: duckdb.DuckDBPyConnection, root: Path, manifest: Manifest, new: Part, new_file: Path
) -> tuple[list[Path], list[str]]:
    """Drop or trim older parts whose rows the new part also holds.

    Returns the files to delete once the new manifest is written, and the
    sources that lost rows. Only parts sharing a (year, period, area) with
    the new one are examined, so an ingest into a fresh period costs nothing.
    """
    obsolete: list[Path] = []
    replaced: list[str] = []
    keep: list[Part] = []
    keys = ", ".join(ROW_KEY)
    new_sql = f"read_parquet('{_sql_str(str(new_file))}')"
    for old in manifest.parts:
        overlapping = any(
            key in new.coverage and set(areas) & set(new.coverage[key])
            for key, areas in old.coverage.items()
        )
        if not overlapping and old.sha256 != new.sha256:
            keep.append(old)
            continue
        old_file = root / old.file
        old_sql = f"read_parquet('{_sql_str(str(old_file))}')"
        shared = con.execute(
            f"SELECT count(*) FROM {old_sql} AS o SEMI JOIN {new_sql} AS n USING ({keys})"  # noqa: S608
        ).fetchone()
        shared_rows = int(shared[0]) if shared else 0
        if shared_rows == 0 and old.sha256 != new.sha256:
            keep.append(old)
            continue
        replaced.append(old.source)
        obsolete.append(old_file)
        if shared_rows >= old.rows or old.sha256 == new.sha256:
            continue
        # Part of the old file survives: rewrite it without the shared rows.
        manifest.seq += 1
        trimmed_file = f"parts/{old.id}-{manifest.seq}.parquet"
        tmp = root / "tmp" / f"{uuid.uuid4().hex}.parquet"
        con.execute(
            f"COPY (SELECT * FROM {old_sql} AS o ANTI JOIN {new_sql} AS n USING ({keys})) "  # noqa: S608
            f"TO '{_sql_str(str(tmp))}' (FORMAT parquet)"
        )
        coverage: dict[str, list[str]] = {}
        count = 0
        for year, period, areas, rows in con.execute(
            f"SELECT year, period, list(DISTINCT area_fips), count(*) "  # noqa: S608
            f"FROM read_parquet('{_sql_str(str(tmp))}') GROUP BY ALL"
        ).fetchall():
            coverage[period_key(year, period)] = sorted(areas)
            count += rows
        os.replace(tmp, root / trimmed_file)
        keep.append(
            Part(
                id=old.id,
                file=trimmed_file,
                sha256=old.sha256,
                source=old.source,
                layout=old.layout,
                rows=count,
                coverage=coverage,
                ingested_at=old.ingested_at,
                seq=old.seq,
                trimmed=True,
            )
        )
    manifest.parts = keep
    return obsolete, replaced
