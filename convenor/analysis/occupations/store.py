"""The labour-market store: Parquet parts beside the QCEW store, and a connection.

Layout of a store directory (``<data_dir>/labour``)::

    manifest.json          what is stored: one entry per part
    parts/<id>.parquet     one Parquet file per ingested file
    tmp/                   work files; anything here may be deleted

Like the QCEW store (:mod:`convenor.analysis.store`): each ingested file is
one *part*, keyed by the SHA-256 of its bytes, so re-ingesting the same
bytes changes nothing. Each part belongs to one dataset
(:data:`.schemas.DATASETS`) and each of its rows to a *slice* (``_slice``:
e.g. one OEWS year, area and industry; one EP edition; one ACS table,
vintage and geography). A newer file replaces the slices it holds: an older
part that holds only those is dropped, one that holds others too is
rewritten without them (``trimmed``). So no two parts hold the same slice,
and reading a dataset is a plain union of its parts.

Every write goes to ``tmp/`` and is moved into place with an atomic rename,
and the manifest is replaced the same way, under an exclusive lock on
``.lock``: a rejected or interrupted ingest leaves the store as it was.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from convenor.analysis.occupations.schemas import DATASETS, SLICE, arrow_schema, ibis_schema

MANIFEST = "manifest.json"
PARTS_DIR = "parts"
TMP_DIR = "tmp"


@dataclass
class Part:
    """One stored Parquet file and where it came from."""

    id: str
    file: str
    sha256: str
    source: str
    dataset: str
    layout: str
    rows: int
    summary: dict[str, Any]
    ingested_at: str
    seq: int
    trimmed: bool = False


@dataclass
class Manifest:
    """The list of parts: the single source of truth of what is stored."""

    parts: list[Part] = field(default_factory=list)
    seq: int = 0

    def by_hash(self, sha256: str) -> Part | None:
        """The part ingested from a file with these bytes, if any."""
        return next((p for p in self.parts if p.sha256 == sha256), None)

    def of(self, dataset: str) -> list[Part]:
        """The parts of one dataset, oldest first."""
        return sorted((p for p in self.parts if p.dataset == dataset), key=lambda p: p.seq)


@dataclass
class WriteResult:
    """What storing one parsed file did: ``added``, ``replaced`` or ``unchanged``."""

    status: str
    part: Part
    replaced: list[str] = field(default_factory=list)


def store_paths(root: Path) -> dict[str, Path]:
    """The store's directories, created if missing."""
    root = Path(root)
    paths = {"root": root, "parts": root / PARTS_DIR, "tmp": root / TMP_DIR}
    for path in paths.values():
        path.mkdir(parents=True, exist_ok=True)
    return paths


def read_manifest(root: Path) -> Manifest:
    """Load ``manifest.json`` (an empty manifest when the store is new)."""
    path = Path(root) / MANIFEST
    if not path.exists():
        return Manifest()
    data = json.loads(path.read_text())
    return Manifest(parts=[Part(**p) for p in data.get("parts", [])], seq=data.get("seq", 0))


def write_manifest(root: Path, manifest: Manifest) -> None:
    """Replace ``manifest.json`` atomically."""
    path = Path(root) / MANIFEST
    tmp = path.with_name(path.name + f".{uuid.uuid4().hex}.tmp")
    body = {"format": 1, "seq": manifest.seq, "parts": [asdict(p) for p in manifest.parts]}
    tmp.write_text(json.dumps(body, indent=1, sort_keys=True))
    os.replace(tmp, path)


@contextlib.contextmanager
def locked(root: Path) -> Iterator[None]:
    """Hold the store's exclusive lock (one ingest at a time)."""
    store_paths(root)
    with open(Path(root) / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file's bytes (what a part is keyed by)."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def write_part(
    root: Path,
    *,
    source: str,
    sha256: str,
    dataset: str,
    layout: str,
    table: Any,
    summary: dict[str, Any],
) -> WriteResult:
    """Store one parsed file (a pyarrow table of ``dataset``'s columns) as a part.

    Older parts lose the slices the new one holds (see the module
    docstring). The caller has validated every row: this only writes.
    """
    import pyarrow.parquet as pq

    paths = store_paths(root)
    table = table.select(list(arrow_schema(dataset).names)).cast(arrow_schema(dataset))
    with locked(root):
        manifest = read_manifest(root)
        known = manifest.by_hash(sha256)
        if known is not None and not known.trimmed and known.dataset == dataset:
            return WriteResult("unchanged", known)
        tmp = paths["tmp"] / f"{uuid.uuid4().hex}.parquet"
        try:
            pq.write_table(table, tmp)
            manifest.seq += 1
            part = Part(
                id=sha256[:16],
                file=f"{PARTS_DIR}/{sha256[:16]}.parquet",
                sha256=sha256,
                source=source,
                dataset=dataset,
                layout=layout,
                rows=table.num_rows,
                summary=summary,
                ingested_at=datetime.now(UTC).isoformat(timespec="seconds"),
                seq=manifest.seq,
            )
            new_slices = set(table.column(SLICE).unique().to_pylist())
            obsolete, replaced = _supersede(root, manifest, part, new_slices)
            os.replace(tmp, root / part.file)
            manifest.parts.append(part)
            write_manifest(root, manifest)
        finally:
            tmp.unlink(missing_ok=True)
        for old in obsolete:
            if old != root / part.file:
                old.unlink(missing_ok=True)
    return WriteResult("replaced" if replaced else "added", part, replaced)


def _supersede(
    root: Path, manifest: Manifest, new: Part, new_slices: set[str]
) -> tuple[list[Path], list[str]]:
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    obsolete: list[Path] = []
    replaced: list[str] = []
    keep: list[Part] = []
    for old in manifest.parts:
        same_bytes = old.sha256 == new.sha256
        if old.dataset != new.dataset and not same_bytes:
            keep.append(old)
            continue
        old_file = root / old.file
        old_table = pq.read_table(old_file)
        in_new = pc.is_in(old_table.column(SLICE), value_set=_array(new_slices))
        shared = int(pc.sum(in_new).as_py() or 0)
        if shared == 0 and not same_bytes:
            keep.append(old)
            continue
        replaced.append(old.source)
        obsolete.append(old_file)
        if shared >= old.rows or same_bytes:
            continue
        manifest.seq += 1
        trimmed_file = f"{PARTS_DIR}/{old.id}-{manifest.seq}.parquet"
        rest = old_table.filter(pc.invert(in_new))
        tmp = root / TMP_DIR / f"{uuid.uuid4().hex}.parquet"
        pq.write_table(rest, tmp)
        os.replace(tmp, root / trimmed_file)
        keep.append(
            Part(
                id=old.id,
                file=trimmed_file,
                sha256=old.sha256,
                source=old.source,
                dataset=old.dataset,
                layout=old.layout,
                rows=rest.num_rows,
                summary={**old.summary, "rows_replaced": shared},
                ingested_at=old.ingested_at,
                seq=old.seq,
                trimmed=True,
            )
        )
    manifest.parts = keep
    return obsolete, replaced


def _array(values: set[str]) -> Any:
    import pyarrow as pa

    return pa.array(sorted(values), type=pa.string())


class LabourStore:
    """A labour store directory and an Ibis connection that reads it.

    ``store.table("oews")`` is an Ibis table of a dataset's stored rows; the
    computations of this package take the store and build expressions on
    those tables, so the same code runs on DuckDB (default) and on PySpark.
    Tables are re-registered when the manifest changed since the last call.
    A DuckDB connection must not be shared by threads running queries at
    once: open one store per thread or request (it costs milliseconds).
    """

    def __init__(self, root: Path, engine: str = "duckdb", spark_session: Any = None) -> None:
        import ibis

        self.root = Path(root)
        self.engine = engine
        store_paths(self.root)
        if engine == "duckdb":
            self.con = ibis.duckdb.connect()
        elif engine == "pyspark":
            if spark_session is None:
                from pyspark.sql import SparkSession

                spark_session = SparkSession.builder.master("local[*]").getOrCreate()
            self.spark = spark_session
            self.con = ibis.pyspark.connect(spark_session)
        else:
            raise ValueError(f"unknown engine {engine!r} (use duckdb or pyspark)")
        self._stamp: tuple[int, int] | None = None
        self._tables: dict[str, Any] = {}
        self._manifest = Manifest()

    def manifest(self) -> Manifest:
        """The manifest as of the last refresh."""
        self._refresh()
        return self._manifest

    def parts(self, dataset: str) -> list[Part]:
        """The stored parts of one dataset."""
        return self.manifest().of(dataset)

    def table(self, dataset: str) -> Any:
        """All stored rows of ``dataset`` as an Ibis table (empty if none)."""
        if dataset not in DATASETS:
            raise ValueError(f"unknown dataset {dataset!r}")
        self._refresh()
        if dataset not in self._tables:
            self._tables[dataset] = self._register(dataset)
        return self._tables[dataset]

    def records(self, build: Callable[[], Any]) -> list[dict[str, Any]]:
        """Run the expression ``build()`` returns; its rows as dicts."""
        self._refresh()
        expr = build()
        return list(self.con.to_pyarrow(expr).to_pylist())

    def _refresh(self) -> None:
        path = self.root / MANIFEST
        stamp = (path.stat().st_mtime_ns, path.stat().st_size) if path.exists() else (0, 0)
        if stamp == self._stamp:
            return
        self._manifest = read_manifest(self.root)
        self._tables = {}
        self._stamp = stamp

    def _register(self, dataset: str) -> Any:
        import ibis

        files = [str(self.root / p.file) for p in self._manifest.of(dataset)]
        name = f"labour_{dataset}"
        if self.engine == "duckdb":
            if not files:
                return self.con.create_table(
                    name, schema=ibis_schema(dataset), temp=True, overwrite=True
                )
            return self.con.read_parquet(files, table_name=name)
        if not files:
            schema = ibis_schema(dataset)
            empty = ibis.memtable({n: [] for n in schema.names}, schema=schema)
            return self.con.create_view(name, empty, overwrite=True)
        frame = self.spark.read.parquet(*files)
        frame.createOrReplaceTempView(name)
        return self.con.table(name)

    def close(self) -> None:
        """Release the connection (DuckDB); a Spark session is left to its owner."""
        if self.engine == "duckdb":
            self.con.disconnect()

    def __enter__(self) -> LabourStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def connect(
    store_dir: Path | str, engine: str = "duckdb", spark_session: Any = None
) -> LabourStore:
    """Open the labour store at ``store_dir`` on ``engine`` (``duckdb`` or ``pyspark``)."""
    return LabourStore(Path(store_dir), engine=engine, spark_session=spark_session)
