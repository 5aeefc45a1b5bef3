"""Ingest labour-market files into the labour store, each one whole or not at all.

A file is read and checked completely in memory (:mod:`.readers`), then
written as one Parquet part (:func:`.store.write_part`); a file with one bad
row is refused with its file, sheet, row or line and column, and nothing of
it is stored. Files are taken in an order that lets one ingest hold a
time-series file and the ``oe.occupation``/``oe.area`` files it needs.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import time
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from convenor.analysis.occupations.errors import LabourIngestError
from convenor.analysis.occupations.readers import Lookups, kind_of, parse
from convenor.analysis.occupations.store import (
    Manifest,
    read_manifest,
    sha256_of,
    store_paths,
    write_part,
)

SUFFIXES = (".xlsx", ".xlsm", ".csv", ".tsv", ".txt", ".gz")
# Companion files first: the time-series data needs their codes.
ORDER = {"occupation": 0, "area": 1, "reference": 2}


@dataclass(frozen=True)
class Source:
    """A file to ingest: ``name`` is what people see (``x.zip/y.xlsx``)."""

    name: str
    path: Path


@dataclass
class IngestResult:
    """What one file did: ``added``, ``replaced`` (older rows it supersedes, listed
    in ``replaced``), ``unchanged`` (these bytes are stored) or ``skipped`` (a
    companion file with nothing to store, e.g. BLS's datatype codes)."""

    source: str
    status: str
    dataset: str
    layout: str
    rows: int
    summary: dict[str, Any]
    seconds: float
    replaced: list[str] = field(default_factory=list)


@contextlib.contextmanager
def collect_sources(paths: Iterable[str | Path], work_dir: Path) -> Iterator[list[Source]]:
    """Files, folders and .zip archives -> the files to read, companions first.

    Archive members are extracted under ``work_dir`` and deleted on exit.
    """
    extracted: list[Path] = []
    sources: list[Source] = []
    try:
        for raw in paths:
            path = Path(raw)
            if not path.exists():
                raise LabourIngestError(str(raw), "no such file or folder")
            if path.is_dir():
                found = sorted(p for p in path.rglob("*") if p.is_file() and _wanted(p))
                if not found:
                    raise LabourIngestError(str(raw), "folder holds no file Convenor reads")
            else:
                found = [path]
            for item in found:
                if item.suffix.lower() == ".zip":
                    sources.extend(_unzip(item, work_dir, extracted))
                else:
                    sources.append(Source(str(item), item))
        ranked = sorted(
            enumerate(sources), key=lambda s: (ORDER.get(kind_of(s[1].path, s[1].name), 9), s[0])
        )
        yield [s for _, s in ranked]
    finally:
        for folder in extracted:
            shutil.rmtree(folder, ignore_errors=True)


def _wanted(path: Path) -> bool:
    name = path.name.lower()
    if name.startswith((".", "~$")):
        return False
    return name.endswith((*SUFFIXES, ".zip")) or name.startswith("oe.")


def _unzip(archive: Path, work_dir: Path, extracted: list[Path]) -> list[Source]:
    try:
        bundle = zipfile.ZipFile(archive)
    except zipfile.BadZipFile:
        raise LabourIngestError(str(archive), "not a readable .zip archive") from None
    folder = Path(tempfile.mkdtemp(prefix="unzip-", dir=work_dir))
    extracted.append(folder)
    out = []
    with bundle:
        members = [m for m in bundle.infolist() if not m.is_dir() and _wanted(Path(m.filename))]
        if not members:
            raise LabourIngestError(str(archive), "archive holds no file Convenor reads")
        for index, member in enumerate(members):
            target = folder / f"{index:05d}-{Path(member.filename).name}"
            with bundle.open(member) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
            out.append(Source(f"{archive}/{member.filename}", target))
    return out


def ingest(paths: Iterable[str | Path], store_dir: Path | str) -> list[IngestResult]:
    """Ingest files, folders or .zip archives; stops at the first bad file.

    Files before the bad one stay stored; nothing of the bad one is. The CLI
    drives :func:`ingest_source` itself to report every file.
    """
    root = Path(store_dir)
    with collect_sources(paths, store_paths(root)["tmp"]) as sources:
        return [ingest_source(source, root) for source in sources]


def ingest_source(source: Source, store_dir: Path | str) -> IngestResult:
    """Read, check and store one file (see the module docstring)."""
    started = time.perf_counter()
    root = Path(store_dir)
    store_paths(root)
    sha = sha256_of(source.path)
    known = read_manifest(root).by_hash(sha)
    if known is not None and not known.trimmed:
        return IngestResult(
            source=source.name,
            status="unchanged",
            dataset=known.dataset,
            layout=known.layout,
            rows=known.rows,
            summary=known.summary,
            seconds=time.perf_counter() - started,
        )
    parsed = parse(source.path, source.name, _lookups(root))
    if parsed.skipped:
        return IngestResult(
            source=source.name,
            status="skipped",
            dataset="",
            layout=parsed.layout,
            rows=0,
            summary=parsed.summary,
            seconds=time.perf_counter() - started,
        )
    written = write_part(
        root,
        source=source.name,
        sha256=sha,
        dataset=parsed.dataset,
        layout=parsed.layout,
        table=parsed.table,
        summary=parsed.summary,
    )
    return IngestResult(
        source=source.name,
        status=written.status,
        dataset=parsed.dataset,
        layout=parsed.layout,
        rows=written.part.rows,
        summary=written.part.summary,
        seconds=time.perf_counter() - started,
        replaced=written.replaced,
    )


def _stored_rows(root: Path, manifest: Manifest, dataset: str) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    rows: list[dict[str, Any]] = []
    for part in manifest.of(dataset):
        rows.extend(pq.read_table(root / part.file).to_pylist())
    return rows


def _lookups(root: Path) -> Lookups:
    def occupations() -> dict[str, tuple[str, int]]:
        rows = _stored_rows(root, read_manifest(root), "oe_occupation")
        return {r["soc_code"]: (r["soc_title"], int(r["display_level"])) for r in rows}

    def areas() -> dict[tuple[str, str], str]:
        rows = _stored_rows(root, read_manifest(root), "oe_area")
        return {(r["area_type"], r["area_code"]): r["area_title"] for r in rows}

    return Lookups(occupations=occupations, areas=areas)


def loaded(store_dir: Path | str) -> list[dict[str, Any]]:
    """What is stored, one dict per part: source, dataset, layout, rows, summary."""
    manifest = read_manifest(Path(store_dir))
    return [
        {
            "source": p.source,
            "dataset": p.dataset,
            "layout": p.layout,
            "rows": p.rows,
            "summary": p.summary,
            "ingested_at": p.ingested_at,
            "trimmed": p.trimmed,
            "sha256": p.sha256,
        }
        for p in sorted(manifest.parts, key=lambda p: p.seq)
    ]
