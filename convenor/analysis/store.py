"""The QCEW store: Parquet files under one directory, and a connection to read them.

Layout of a store directory (``QCEW_DIR``)::

    manifest.json          what is stored: one entry per part (see below)
    titles.json            industry and area titles seen in ingested files
    parts/<id>.parquet     one Parquet file per ingested source file
    downloads/...          BLS files fetched by :mod:`convenor.analysis.fetch`
    cache/sql/<key>.json   compiled SQL of the queries run on DuckDB (see below)
    tmp/                   work files; anything here may be deleted

Keying. Each ingested CSV becomes one *part*, keyed by the SHA-256 of its
bytes; the manifest records, per part, the source name, its layout, its row
count and its *coverage*: for every ``(year, period)`` in the file, the area
codes it holds. Two rules follow:

* re-ingesting a file whose hash is already stored (and whose part is
  intact) changes nothing;
* a newer file replaces what it covers: when a new part holds rows whose
  key ``(area, ownership, industry, aggregation level, size, year, period)``
  is also in an older part, the older part is dropped if the new one covers
  it entirely, or rewritten without those rows otherwise (marked
  ``trimmed``). "Newer" means ingested later: BLS revises its files, and the
  file a person ingests last is the one they mean.

So no two parts ever hold the same row, and reading the store is a plain
union of the parts listed in the manifest; no de-duplication at query time.
Files not listed in the manifest (an interrupted ingest) are never read.

Every write goes to ``tmp/`` first and is moved into place with an atomic
rename, and the manifest is replaced the same way, under an exclusive lock
on ``.lock``; a rejected or interrupted ingest leaves the store as it was.

Compiled SQL. The computations are Ibis expressions (the one definition,
run on DuckDB or Spark). On DuckDB, building and compiling one costs more
than running it, and importing Ibis costs more than both: a command line
process would spend most of its life there. So :meth:`Store.run`,
:meth:`Store.records` and :meth:`Store.write` keep each query's compiled
SQL and result schema, in the process and under ``cache/sql/``, keyed by the
query's own key (every input of the expression), the manifest's content
(any ingest changes it), the store's path and a hash of this package's
sources and of the Ibis, sqlglot and DuckDB versions (any code change). A
later process asking the same kind of question runs the SQL on DuckDB
without importing Ibis; the expression is built only on a miss. Deleting
``cache/`` is always safe; ``CONVENOR_SQL_CACHE=off`` stops using it.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import hashlib
import json
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from convenor.analysis.layouts import STORED_COLUMNS

MANIFEST = "manifest.json"
TITLES = "titles.json"
PARTS_DIR = "parts"
TMP_DIR = "tmp"
DOWNLOADS_DIR = "downloads"

# The Ibis types of the stored columns (used for an empty store's table).
IBIS_SCHEMA = {
    name: {
        "VARCHAR": "string",
        "SMALLINT": "int16",
        "BIGINT": "int64",
        "DOUBLE": "float64",
    }[sql_type]
    for name, sql_type in STORED_COLUMNS.items()
}

# Compiled queries shared by the process's stores (see Store.run).
COMPILED_CACHE_SIZE = 128
_COMPILED: OrderedDict[Hashable, Compiled] = OrderedDict()
_COMPILED_LOCK = threading.Lock()
# The compiled SQL on disk (module docstring): where, how many files at most,
# and the setting that turns it off.
CACHE_DIR = "cache"
SQL_CACHE_DIR = "sql"
SQL_CACHE_FILES = 512
SQL_CACHE_ENV = "CONVENOR_SQL_CACHE"
SQL_CACHE_FORMAT = 1

# Rows per Arrow batch of a DuckDB result: smaller batches than DuckDB's
# default (131,072) hand a 3.6 M-row result over about 10% faster.
ARROW_BATCH_ROWS = 32_768

# SQL types of the pyarrow types an expression's columns have (for COPY ... TO).
_SQL_TYPES = {
    "string": "VARCHAR",
    "large_string": "VARCHAR",
    "int64": "BIGINT",
    "int32": "INTEGER",
    "int16": "SMALLINT",
    "int8": "TINYINT",
    "double": "DOUBLE",
    "float": "FLOAT",
    "bool": "BOOLEAN",
}

# DuckDB may return DECIMAL where the expression says float or integer.
_PYTHON_TYPES: dict[str, Callable[[Any], Any]] = {"double": float, "int64": int, "int16": int}

# A stored row is identified by these columns; see the module docstring.
ROW_KEY = (
    "area_fips",
    "own_code",
    "industry_code",
    "agglvl_code",
    "size_code",
    "year",
    "period",
)


@dataclass
class Part:
    """One stored Parquet file and where it came from."""

    id: str
    file: str
    sha256: str
    source: str
    layout: str
    rows: int
    coverage: dict[str, list[str]]
    ingested_at: str
    seq: int
    trimmed: bool = False

    def periods(self) -> list[tuple[int, str]]:
        """The ``(year, period)`` pairs this part holds."""
        return [period_key_parse(k) for k in self.coverage]


@dataclass
class Manifest:
    """The list of parts; the single source of truth of what is stored."""

    parts: list[Part] = field(default_factory=list)
    seq: int = 0

    def by_hash(self, sha256: str) -> Part | None:
        """The part ingested from a file with these bytes, if any."""
        return next((p for p in self.parts if p.sha256 == sha256), None)

    def coverage(self) -> dict[tuple[int, str], set[str]]:
        """Every ``(year, period)`` stored, with the area codes stored for it."""
        out: dict[tuple[int, str], set[str]] = {}
        for part in self.parts:
            for key, areas in part.coverage.items():
                out.setdefault(period_key_parse(key), set()).update(areas)
        return out


@dataclass(frozen=True)
class Compiled:
    """A query as DuckDB runs it: its SQL and the expression's result schema.

    ``types`` are the columns' pyarrow type names (enough to write a file or
    convert rows); ``arrow`` the schema serialized by pyarrow, read only
    when the result is handed over as a pyarrow table.
    """

    sql: str
    types: tuple[tuple[str, str], ...]
    arrow: bytes

    def schema(self) -> Any:
        """The result's pyarrow schema (imports pyarrow)."""
        import pyarrow as pa

        return pa.ipc.read_schema(pa.py_buffer(self.arrow))

    def as_json(self) -> str:
        return json.dumps(
            {
                "format": SQL_CACHE_FORMAT,
                "sql": self.sql,
                "types": [list(t) for t in self.types],
                "arrow": base64.b64encode(self.arrow).decode("ascii"),
            }
        )

    @classmethod
    def from_json(cls, text: str) -> Compiled | None:
        data = json.loads(text)
        if data.get("format") != SQL_CACHE_FORMAT:
            return None
        return cls(
            str(data["sql"]),
            tuple((str(n), str(t)) for n, t in data["types"]),
            base64.b64decode(data["arrow"]),
        )


def period_key(year: int, period: str) -> str:
    """``(2020, "a")`` -> ``"2020-a"``, the manifest's coverage key."""
    return f"{int(year)}-{period}"


def period_key_parse(key: str) -> tuple[int, str]:
    """``"2020-a"`` -> ``(2020, "a")``."""
    year, period = key.split("-", 1)
    return int(year), period


def store_paths(root: Path) -> dict[str, Path]:
    """The store's directories, created if missing."""
    root = Path(root)
    paths = {
        "root": root,
        "parts": root / PARTS_DIR,
        "tmp": root / TMP_DIR,
        "downloads": root / DOWNLOADS_DIR,
    }
    for path in paths.values():
        path.mkdir(parents=True, exist_ok=True)
    return paths


def read_manifest_bytes(root: Path) -> bytes:
    """``manifest.json`` as stored (nothing when the store is new)."""
    path = Path(root) / MANIFEST
    return path.read_bytes() if path.exists() else b""


def read_manifest(root: Path) -> Manifest:
    """Load ``manifest.json`` (an empty manifest when the store is new)."""
    blob = read_manifest_bytes(root)
    return _parse_manifest(blob.decode()) if blob else Manifest()


def _parse_manifest(text: str) -> Manifest:
    data = json.loads(text)
    return Manifest(parts=[Part(**p) for p in data.get("parts", [])], seq=data.get("seq", 0))


def write_manifest(root: Path, manifest: Manifest) -> None:
    """Replace ``manifest.json`` atomically."""
    _write_json_atomic(
        Path(root) / MANIFEST,
        {"format": 1, "seq": manifest.seq, "parts": [asdict(p) for p in manifest.parts]},
    )


def read_titles(root: Path) -> dict[str, dict[str, str]]:
    """Titles captured from ingested files: ``{"industry": {...}, "area": {...}}``."""
    path = Path(root) / TITLES
    if not path.exists():
        return {"industry": {}, "area": {}}
    titles: dict[str, dict[str, str]] = json.loads(path.read_text())
    return titles


def merge_titles(root: Path, industry: dict[str, str], area: dict[str, str]) -> None:
    """Add titles seen in a file to ``titles.json`` (caller holds the lock)."""
    titles = read_titles(root)
    titles.setdefault("industry", {}).update(industry)
    titles.setdefault("area", {}).update(area)
    _write_json_atomic(Path(root) / TITLES, titles)


def _write_json_atomic(path: Path, data: Any) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True))
    os.replace(tmp, path)


@contextlib.contextmanager
def locked(root: Path) -> Iterator[None]:
    """Hold the store's exclusive lock (ingests from the CLI and the web queue)."""
    store_paths(root)
    with open(Path(root) / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class Store:
    """A store directory and an Ibis connection that reads it.

    ``store.table()`` is an Ibis table of every stored row (the columns of
    :data:`convenor.analysis.layouts.STORED_COLUMNS`); the computations in
    this package take it and return expressions, so the same code runs on
    DuckDB (default) and on PySpark. The table is re-registered whenever the
    manifest changed since the last call, so a long-lived store (the web
    process) sees new ingests. A DuckDB connection must not be shared by
    threads running queries at once: open one store per thread (or request);
    opening one costs milliseconds. Usable as a context manager.

    On DuckDB the stored rows are a view named ``qcew`` that the store
    creates itself on a plain DuckDB connection; Ibis is loaded (and given
    that connection) only when an expression has to be built, so a query
    whose compiled SQL is cached runs without it (module docstring).
    """

    def __init__(self, root: Path | str, engine: str = "duckdb", spark_session: Any = None) -> None:
        engine = "pyspark" if engine == "spark" else engine
        if engine not in ("duckdb", "pyspark"):
            raise ValueError(f"unknown engine {engine!r} (use duckdb or pyspark)")
        # A URL (s3a://, hdfs://, file://) is read through Spark's file systems:
        # ``location`` is what Spark is given, ``root`` a local path when there is one.
        self.location = str(root) if _is_url(root) else str(Path(root))
        self.remote = _is_url(root)
        if self.remote and engine != "pyspark":
            raise ValueError(f"a store at a URL ({root}) is read by Spark (engine pyspark)")
        self.root = Path(self.location) if not self.remote else Path(_url_path(self.location))
        self.engine = engine
        self.spark = spark_session
        if not self.remote and engine == "duckdb":
            store_paths(self.root)
        self._con: Any = None
        self._duck: Any = None
        self._stamp: tuple[int, int] | None = None
        self._manifest_hash = ""
        self._table: Any = None
        self._table_stamp: tuple[int, int] | None = None
        self._view: str | None = None  # "view" or "table": what ``qcew`` is on DuckDB
        self._view_stamp: tuple[int, int] | None = None
        self._named: dict[str, Any] = {}
        self._manifest = Manifest()
        self._titles: tuple[tuple[int, int], dict[str, dict[str, str]]] | None = None

    @property
    def duck(self) -> Any:
        """The plain DuckDB connection (DuckDB engine), opened on first use."""
        if self._duck is None:
            con = _duckdb_module().connect()
            # The settings Ibis's DuckDB backend makes (its _post_connect), so SQL
            # it compiled runs the same here whether or not Ibis is loaded.
            con.execute("SET TimeZone = 'UTC'")
            con.execute("SET python_enable_replacements = false")
            self._duck = con
        return self._duck

    @property
    def con(self) -> Any:
        """The Ibis connection, opened on first use: reading only the manifest
        (what is loaded, the stored files) or running cached SQL opens none."""
        if self._con is None:
            # Ibis loads its backends and every SQL dialect's compiler: seconds
            # of import that `convenor qcew list` and cached queries do without.
            import ibis

            if self.engine == "duckdb":
                self._con = ibis.duckdb.from_connection(self.duck)
            else:
                if self.spark is None:
                    from pyspark.sql import SparkSession  # optional: only for this engine

                    self.spark = SparkSession.builder.master("local[*]").getOrCreate()
                self._con = ibis.pyspark.connect(self.spark)
        return self._con

    def manifest(self) -> Manifest:
        """The manifest as of the last refresh."""
        self._refresh()
        return self._manifest

    def table(self) -> Any:
        """All stored rows as an Ibis table."""
        self._refresh()
        if self.engine == "duckdb":
            self._attach_rows()
            if self._table is None or self._table_stamp != self._stamp:
                self._table = self.con.table("qcew")
                self._table_stamp = self._stamp
            return self._table
        if self._table is None or self._table_stamp != self._stamp:
            files = [self.file_location(p.file) for p in self._manifest.parts]
            self._table = self._register(files)
            self._table_stamp = self._stamp
        return self._table

    def file_location(self, name: str) -> str:
        """Where a file of the store (``parts/x.parquet``) is, as the engine reads it."""
        if self.remote:
            return f"{self.location.rstrip('/')}/{name}"
        return str(self.root / name)

    def run(self, key: Hashable, build: Callable[[], Any]) -> Any:
        """Execute the expression ``build()`` returns, as a pyarrow Table.

        On DuckDB the compiled SQL is kept per store directory, manifest
        version and ``key``, for every :class:`Store` of the process (the web
        opens one per request) and on disk for later processes (module
        docstring), so repeating an analysis costs only its query: building
        and compiling a large Ibis expression takes longer than DuckDB runs
        it. ``key`` must capture every input of ``build``.
        """
        if self.engine != "duckdb":
            self.table()
            return build().to_pyarrow()
        compiled = self._compiled(key, build)
        # DuckDB's own result types (e.g. DECIMAL for some arithmetic) are cast
        # back to the expression's schema, as Ibis's to_pyarrow() does.
        result = self.duck.sql(compiled.sql).to_arrow_table(batch_size=ARROW_BATCH_ROWS)
        return result.cast(compiled.schema())

    def records(self, key: Hashable, build: Callable[[], Any]) -> list[dict[str, Any]]:
        """Like :meth:`run`, as a list of dicts: faster for small results.

        Skips Arrow for the few rows an analysis returns; values are Python
        ``int``/``float``/``str``/``bool``/``None`` as the schema says.
        """
        if self.engine != "duckdb":
            self.table()
            rows: list[dict[str, Any]] = build().to_pyarrow().to_pylist()
            return rows
        compiled = self._compiled(key, build)
        cursor = self.duck.execute(compiled.sql)
        names = [d[0] for d in cursor.description]
        types = dict(compiled.types)
        convert = [_PYTHON_TYPES.get(types[n]) for n in names]
        return [
            {
                name: (fn(value) if fn is not None and value is not None else value)
                for name, fn, value in zip(names, convert, row, strict=True)
            }
            for row in cursor.fetchall()
        ]

    def _compiled(self, key: Hashable, build: Callable[[], Any]) -> Compiled:
        self._refresh()
        self._attach_rows()
        root = str(self.root.resolve())
        full_key = (root, self._stamp, key)
        with _COMPILED_LOCK:
            cached = _COMPILED.get(full_key)
            if cached is not None:
                _COMPILED.move_to_end(full_key)
        if cached is not None:
            return cached
        disk = self._cache_file(root, key)
        if disk is not None:
            with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
                cached = Compiled.from_json(disk.read_text(encoding="utf-8"))
        if cached is None:
            expr = build()
            schema = expr.schema().to_pyarrow()
            cached = Compiled(
                str(self.con.compile(expr)),
                tuple((f.name, str(f.type)) for f in schema),
                schema.serialize().to_pybytes(),
            )
            if disk is not None:
                _write_cache(disk, cached)
        with _COMPILED_LOCK:
            _COMPILED[full_key] = cached
            while len(_COMPILED) > COMPILED_CACHE_SIZE:
                _COMPILED.popitem(last=False)
        return cached

    def _cache_file(self, root: str, key: Hashable) -> Path | None:
        """Where the compiled SQL of ``key`` is kept on disk, or None (cache off)."""
        if os.environ.get(SQL_CACHE_ENV, "").strip().lower() in ("0", "off", "no", "false"):
            return None
        # repr of tuples of str, int, bool and None: the same in every process.
        blob = repr((SQL_CACHE_FORMAT, code_fingerprint(), root, self._manifest_hash, key))
        name = hashlib.sha256(blob.encode()).hexdigest()
        return self.root / CACHE_DIR / SQL_CACHE_DIR / f"{name}.json"

    def _attach_rows(self) -> None:
        """Make ``qcew`` on the DuckDB connection the manifest's parts (after a refresh)."""
        if self._view is not None and self._view_stamp == self._stamp:
            return
        con = self.duck
        if self._view is not None:
            con.execute(f"DROP {self._view.upper()} IF EXISTS qcew")
        files = [self.file_location(p.file) for p in self._manifest.parts]
        if files:
            paths = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
            # The paths are the manifest's own files, quoted (a quote doubled).
            con.execute(f"CREATE TEMP VIEW qcew AS SELECT * FROM read_parquet([{paths}])")  # noqa: S608
            self._view = "view"
        else:
            columns = ", ".join(f"{_quote(n)} {t}" for n, t in STORED_COLUMNS.items())
            con.execute(f"CREATE TEMP TABLE qcew ({columns})")
            self._view = "table"
        self._view_stamp = self._stamp
        self._table = None

    def write(
        self,
        key: Hashable,
        build: Callable[[], Any],
        out: Path | str,
        *,
        order_by: tuple[str, ...] = (),
        categories: Mapping[str, str] | None = None,
    ) -> int:
        """Write the expression's rows to ``out`` (.parquet or .csv) from the engine.

        The rows never pass through Python: DuckDB runs ``COPY (...) TO``;
        Spark's writer writes one part (sorted within it) that is moved to
        ``out``. The file appears whole or not at all (written beside it,
        then renamed). Returns the number of rows written.

        ``categories`` names, for string columns with few distinct values, a
        table of the engine (a lookup kept by :meth:`materialize`) holding a column
        of the same name with every value the result can take. DuckDB then
        carries the column as an ENUM of those values, in sorted order:
        sorting compares small integers and the Parquet writer takes the
        ENUM's dictionary as is, instead of hashing millions of strings
        (``convenor qcew lq``: 1.6 s instead of 2.0 s and half the memory,
        benchmarks/README.md). The file holds the same strings, in the same
        order. A value missing from the table fails the write (DuckDB's
        conversion error), never a silent null. Spark ignores it.
        """
        fmt = _out_format(out)
        if self.engine != "duckdb":
            return self._spark_write(build, out, fmt, order_by)
        compiled = self._compiled(key, build)
        target = Path(out)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        order = f" ORDER BY {', '.join(_quote(c) for c in order_by)}" if order_by else ""
        options = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER true"
        path = str(tmp).replace("'", "''")
        enums = self._enum_types(categories or {})
        try:
            # The expression's types, not DuckDB's (a SUM of BIGINTs is a HUGEINT,
            # which a file would store as a double).
            columns = ", ".join(
                f"CAST({_quote(name)} AS {enums.get(name) or _SQL_TYPES.get(kind, 'VARCHAR')})"
                f" AS {_quote(name)}"
                for name, kind in compiled.types
            )
            query = f"SELECT {columns} FROM ({compiled.sql}) AS _q{order}"  # noqa: S608
            found = self.duck.execute(f"COPY ({query}) TO '{path}' ({options})").fetchone()
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
            for name in enums.values():
                self.duck.execute(f"DROP TYPE IF EXISTS {name}")
        return int(found[0]) if found else 0

    def _enum_types(self, categories: Mapping[str, str]) -> dict[str, str]:
        """Create an ENUM type per column of ``categories`` (see :meth:`write`); their names."""
        made: dict[str, str] = {}
        for i, (column, table) in enumerate(sorted(categories.items())):
            name = _quote(f"_convenor_enum_{i}")
            col = _quote(column)
            # The values sorted as VARCHAR sorts them, so ORDER BY keeps its order.
            self.duck.execute(
                f"CREATE OR REPLACE TYPE {name} AS ENUM "  # noqa: S608
                f"(SELECT DISTINCT {col} FROM {_quote(table)} WHERE {col} IS NOT NULL ORDER BY 1)"
            )
            made[column] = name
        return made

    def _spark_write(
        self, build: Callable[[], Any], out: Path | str, fmt: str, order_by: tuple[str, ...]
    ) -> int:
        import shutil

        self.table()
        expr = build()
        self.con._run_pre_execute_hooks(expr)
        frame = self.con._session.sql(str(self.con.compile(expr)))
        # One part, so the file is the whole result; sorted within it.
        frame = frame.coalesce(1)
        if order_by:
            frame = frame.sortWithinPartitions(*order_by)
        if _is_url(out):
            # A directory of Spark's parts at the URL: there is no local rename.
            writer = frame.write.mode("overwrite")
            getattr(writer.option("header", True), fmt)(str(out))
            return int(self.spark.read.format(fmt).option("header", True).load(str(out)).count())
        target = Path(out)
        target.parent.mkdir(parents=True, exist_ok=True)
        work = target.with_name(f".{target.name}.{os.getpid()}.spark")
        try:
            writer = frame.write.mode("overwrite").option("header", True)
            getattr(writer, fmt)(str(work.resolve()))
            parts = sorted(work.glob(f"part-*.{fmt}")) or sorted(work.glob("part-*"))
            if len(parts) != 1:
                raise OSError(f"Spark wrote {len(parts)} parts to {work}, expected one")
            os.replace(parts[0], target)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return _count_rows(target, fmt)

    def materialize(self, name: str, key: Hashable, build: Callable[[], Any]) -> None:
        """Run the expression ``build()`` returns and keep its rows as ``name``.

        For a small lookup the next query joins (:meth:`named` inside its
        builder): the engine then knows its size exactly. On DuckDB a
        temporary table filled by the cached SQL (see :meth:`run`), so the
        rows never leave DuckDB; on Spark the rows, registered as :meth:`attach` does.
        """
        if self.engine != "duckdb":
            self.table()
            self.attach(name, build().to_pyarrow())
            return
        compiled = self._compiled(key, build)
        self.duck.execute(f"CREATE OR REPLACE TEMP TABLE {_quote(name)} AS {compiled.sql}")

    def register(self, name: str, table: Any) -> Any:
        """Make the pyarrow ``table`` queryable as ``name``; returns its Ibis table.

        For small lookups computed in Python: a registered name keeps the
        compiled SQL of the queries that join it the same from run to run
        (see :meth:`run`), where an anonymous memtable would not.
        """
        self.attach(name, table)
        return self.named(name)

    def attach(self, name: str, table: Any) -> None:
        """:meth:`register` without returning an Ibis table (on DuckDB: without Ibis).

        For a lookup the cached SQL of a query joins by name: build the
        query's expression with :meth:`named`, inside its builder.
        """
        if self.engine == "duckdb":
            self.duck.register(name, table)
            return
        import ibis  # loaded already by self.con; see there

        self._named[name] = self.con.create_view(name, ibis.memtable(table), overwrite=True)

    def named(self, name: str) -> Any:
        """The Ibis table of a lookup made queryable by :meth:`attach`."""
        if self.engine == "duckdb":
            return self.con.table(name)
        return self._named[name]

    def titles(self) -> dict[str, dict[str, str]]:
        """Industry and area titles captured from ingested files (read again when changed)."""
        if self.remote:
            if self._titles is None:
                text = self._read_remote(TITLES)
                titles = json.loads(text) if text else {"industry": {}, "area": {}}
                self._titles = ((1, 1), titles)
            return self._titles[1]
        stamp = _stamp(self.root / TITLES)
        if self._titles is None or self._titles[0] != stamp:
            self._titles = (stamp, read_titles(self.root))
        return self._titles[1]

    def _refresh(self) -> None:
        """Read the manifest if it changed since the last look (one stat otherwise)."""
        if self.remote:
            # Read once: a URL store has no cheap stat from here.
            if self._stamp is None:
                text = self._read_remote(MANIFEST)
                self._manifest = _parse_manifest(text) if text else Manifest()
                self._stamp = (1, 1)
            return
        stamp = _stamp(self.root / MANIFEST)
        if stamp != self._stamp:
            # The compiled SQL on disk is keyed by the manifest's content: a stat's
            # time and size could repeat across stores, its content does not. The
            # file's bytes are that content (written whole, atomically), hashed as read.
            blob = read_manifest_bytes(self.root)
            self._manifest = _parse_manifest(blob.decode()) if blob else Manifest()
            self._manifest_hash = hashlib.sha256(blob).hexdigest()
            self._stamp = stamp

    def _read_remote(self, name: str) -> str | None:
        """A small text file of a URL store, read by Spark; None when it does not exist."""
        import contextlib

        if self.spark is None:
            self.con  # noqa: B018 (starts the session)
        path = self.file_location(name)
        jvm = self.spark.sparkContext._jvm
        hadoop = self.spark.sparkContext._jsc.hadoopConfiguration()
        jpath = jvm.org.apache.hadoop.fs.Path(path)
        fs = jpath.getFileSystem(hadoop)
        if not fs.exists(jpath):
            return None
        rows = self.spark.read.text(path, wholetext=True).collect()
        with contextlib.suppress(IndexError):
            return str(rows[0][0])
        return None

    def _register(self, files: list[str]) -> Any:
        """Spark: the parts as the temporary view ``qcew`` (DuckDB: :meth:`_attach_rows`)."""
        import ibis  # loaded already by self.con; see there

        if not files:
            empty = ibis.memtable({n: [] for n in IBIS_SCHEMA}, schema=IBIS_SCHEMA)
            return self.con.create_view("qcew", empty, overwrite=True)
        frame = self.spark.read.parquet(*files)
        frame.createOrReplaceTempView("qcew")
        return self.con.table("qcew")

    def coverage(self) -> dict[tuple[int, str], set[str]]:
        """What is loaded: ``{(year, period): {area codes}}`` (from the manifest)."""
        return self.manifest().coverage()

    def close(self) -> None:
        """Release the connection (DuckDB); a Spark session is left to its owner."""
        if self.engine == "duckdb" and self._duck is not None:
            self._duck.close()
            self._duck = None
            self._con = None
            self._table = None
            self._view = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _is_url(location: object) -> bool:
    from convenor.analysis.engines import is_url

    return isinstance(location, str) and is_url(location)


def _duckdb_module() -> Any:
    """DuckDB's C++ extension, without the Python layer of the ``duckdb`` package.

    The package re-exports the extension's connection, functions and errors
    (``duckdb.connect is _duckdb.connect``); running SQL needs nothing else.
    Importing the package also loads its relational API and version modules:
    0.12-0.18 s here against 0.03 s for the extension, most of the time a warm
    command spends before its query (benchmarks/README.md). A DuckDB without a
    top-level ``_duckdb`` (1.x ships it as ``duckdb.duckdb``) is imported whole.
    """
    try:
        import _duckdb
    except ImportError:
        import duckdb

        return duckdb
    return _duckdb


def _url_path(url: str) -> str:
    """``file:///srv/qcew`` -> ``/srv/qcew``; other URLs keep a path-like name for keys."""
    return url.split("://", 1)[1] if url.startswith("file://") else url.replace("://", "/")


def _out_format(out: Path | str) -> str:
    suffix = str(out).rsplit(".", 1)[-1].lower() if "." in str(out) else ""
    if suffix not in ("csv", "parquet"):
        raise ValueError(f"{out}: write .csv or .parquet")
    return suffix


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _count_rows(path: Path, fmt: str) -> int:
    """Rows of a file just written (Parquet: from its footer; CSV: lines less the header)."""
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return int(pq.ParquetFile(path).metadata.num_rows)
    with open(path, "rb") as handle:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    return max(0, lines - 1)


def _write_cache(path: Path, compiled: Compiled) -> None:
    """Keep ``compiled`` at ``path`` (atomically); a store that cannot be written
    to (read-only, full) only misses the cache, it never fails the query."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(compiled.as_json(), encoding="utf-8")
        os.replace(tmp, path)
        files = list(path.parent.glob("*.json"))
        if len(files) > SQL_CACHE_FILES:
            # Keys of older manifests and code pile up: keep the newest files.
            files.sort(key=lambda f: f.stat().st_mtime_ns)
            for old in files[: len(files) - SQL_CACHE_FILES]:
                old.unlink(missing_ok=True)


_CODE_FINGERPRINT: str | None = None


def code_fingerprint() -> str:
    """A hash of the code that defines the queries: this package's sources and
    the versions of Ibis, sqlglot and DuckDB (which compile and run them).

    Part of every key of the compiled SQL on disk, so an upgrade or an edit
    of any expression never runs SQL compiled by older code.

    Each file is taken by its path, modification time and size, as CPython decides
    whether a cached ``.pyc`` is still good; and each library by the same of its
    ``__init__.py`` (an upgrade rewrites it), found without importing the library.
    Reading every source and the libraries' metadata instead cost each warm command
    about 45 ms, a tenth of `convenor analyze`.
    """
    global _CODE_FINGERPRINT
    if _CODE_FINGERPRINT is None:
        _CODE_FINGERPRINT = sources_fingerprint(
            Path(__file__).resolve().parent, ("ibis", "sqlglot", "duckdb")
        )
    return _CODE_FINGERPRINT


def sources_fingerprint(package: Path, libraries: tuple[str, ...] = ()) -> str:
    """A digest of every ``*.py`` under ``package`` and of each library's ``__init__``
    (by path, modification time and size; see :func:`code_fingerprint`)."""
    from importlib.util import find_spec

    files: list[tuple[str, Path | None]] = [
        (str(p.relative_to(package)), p) for p in package.rglob("*.py")
    ]
    for library in libraries:
        spec = find_spec(library)
        origin = spec.origin if spec is not None else None
        files.append((library, Path(origin) if origin else None))
    digest = hashlib.sha256()
    for name, path in sorted(files, key=lambda item: item[0]):
        try:
            info = path.stat() if path is not None else None
        except OSError:
            info = None
        stamp = f"{info.st_mtime_ns}:{info.st_size}" if info is not None else "?"
        digest.update(f"{name}\0{stamp}\0".encode())
    return digest.hexdigest()


def _stamp(path: Path) -> tuple[int, int]:
    """When and how big a file is, ``(0, 0)`` when missing: cheaper than reading it."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return (0, 0)
    return (info.st_mtime_ns, info.st_size)


def default_store_dir() -> Path:
    """Where the installation's shared store lives, as the Django settings put it.

    ``CONVENOR_QCEW_DIR`` if set, else ``qcew`` under ``CONVENOR_DATA_DIR``
    (default ``./var``): the Django-free command line and the web app read
    the same store.
    """
    data_dir = Path(os.environ.get("CONVENOR_DATA_DIR", str(Path.cwd() / "var"))).resolve()
    return Path(os.environ.get("CONVENOR_QCEW_DIR", str(data_dir / "qcew")))


def connect(store_dir: Path | str, engine: str = "duckdb", spark_session: Any = None) -> Store:
    """Open the QCEW store at ``store_dir`` on ``engine`` (``duckdb`` or ``pyspark``).

    With ``pyspark``, pass a running ``SparkSession`` (a local one is started
    otherwise); ``store_dir`` may then be a URL Spark reads (``s3a://``,
    ``hdfs://``, ``file://``). Every analysis function takes the returned
    :class:`Store`.
    """
    return Store(store_dir, engine=engine, spark_session=spark_session)
