"""Which engine runs a query: DuckDB in the process (default), or Apache Spark.

The command line's ``--engine duckdb|spark`` and ``--spark-master URL``
(defaults from ``CONVENOR_ANALYSIS_ENGINE`` and ``CONVENOR_SPARK_MASTER``)
become an :class:`EngineChoice`; :func:`open_store` opens the QCEW store on
it. The expressions are the same on both (Ibis); only the connection
differs. No Django, and PySpark is imported only when Spark is chosen.

Spark's failures are turned into one-line :class:`AnalysisError` messages:

* a master that cannot be reached: the URL and why, before any JVM starts
  for a ``spark://`` URL whose host refuses or does not resolve, and within
  :data:`START_TIMEOUT` seconds for one that accepts the connection but
  never runs a job (not a Spark master, or no worker with free cores);
* a store the cluster cannot read: the path and Spark's reason.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from convenor.analysis.errors import AnalysisError, InputError

ENGINES = ("duckdb", "spark")
ENGINE_ENV = "CONVENOR_ANALYSIS_ENGINE"
MASTER_ENV = "CONVENOR_SPARK_MASTER"
# Spark's own log on the command line's stderr; "off" keeps errors to our one line.
LOG_ENV = "CONVENOR_SPARK_LOG"
DEFAULT_MASTER = "local[*]"
ENGINE_HELP = (
    f"duckdb (default, in this process) or spark (Apache Spark; ${ENGINE_ENV} sets the default)"
)
MASTER_HELP = (
    f"Spark master URL for --engine spark: local[*] (default), spark://HOST:PORT of a "
    f"standalone cluster, yarn, k8s://...; implies --engine spark (${MASTER_ENV})"
)

# Seconds a Spark master has, once the driver's JVM is up, to accept the
# application and run a first one-row job (executors included); generous, as
# a loaded machine takes a minute. CONVENOR_SPARK_TIMEOUT changes it.
TIMEOUT_ENV = "CONVENOR_SPARK_TIMEOUT"
START_TIMEOUT = 120.0
# Seconds to wait for a TCP connection to a spark:// master.
CONNECT_TIMEOUT = 5.0

_SPARK_URL = re.compile(r"^spark://(?P<hosts>[^/]+)/?$")
_LOCAL = re.compile(r"^local(\[(\*|\d+)(,\d+)?\])?$")
_REMOTE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


def is_url(location: str | Path) -> bool:
    """Whether a store location is a URL (``s3a://``, ``hdfs://``, ``file://``...)."""
    return isinstance(location, str) and bool(_REMOTE.match(location))


@dataclass(frozen=True)
class EngineChoice:
    """The engine an analysis runs on; ``master`` only for Spark."""

    name: str = "duckdb"
    master: str | None = None

    @classmethod
    def parse(cls, engine: str | None = None, master: str | None = None) -> EngineChoice:
        """From the command line's values, falling back on the environment.

        ``--spark-master`` alone means Spark; ``--engine duckdb`` with a
        master given on the command line is a contradiction, not a default.
        """
        chosen = (engine or "").strip().lower()
        if not chosen:
            chosen = "spark" if master else os.environ.get(ENGINE_ENV, "").strip().lower()
        chosen = chosen or "duckdb"
        if chosen not in ENGINES:
            raise InputError(
                f"engine: {chosen!r} is not an engine (use {' or '.join(ENGINES)})", field="engine"
            )
        if chosen == "duckdb":
            if master:
                raise InputError(
                    "--spark-master needs --engine spark (DuckDB runs in this process)",
                    field="spark_master",
                )
            return cls("duckdb", None)
        url = (master or os.environ.get(MASTER_ENV, "") or DEFAULT_MASTER).strip()
        check_master(url)
        return cls("spark", url)

    @property
    def store_engine(self) -> str:
        """The name :func:`convenor.analysis.store.connect` uses."""
        return "pyspark" if self.name == "spark" else "duckdb"

    def describe(self) -> str:
        return "DuckDB" if self.name == "duckdb" else f"Spark ({self.master})"


def check_master(url: str) -> None:
    """:class:`InputError` for a master URL of no form Spark takes."""
    if _LOCAL.match(url) or url in ("yarn",) or url.startswith(("k8s://", "mesos://")):
        return
    found = _SPARK_URL.match(url)
    if found and all(_host_port(h) for h in found["hosts"].split(",")):
        return
    raise InputError(
        f"spark master: {url!r} is not a Spark master URL (use local[*], spark://HOST:PORT, "
        "yarn or k8s://...)",
        field="spark_master",
    )


def _host_port(text: str) -> tuple[str, int] | None:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit():
        return None
    return host.strip("[]"), int(port)


def _reachable(url: str) -> None:
    """For ``spark://``: :class:`AnalysisError` unless some master accepts a TCP connection."""
    import socket  # only a Spark run needs it (DuckDB's `convenor analyze` never does)

    found = _SPARK_URL.match(url)
    if not found:
        return
    reasons = []
    for item in found["hosts"].split(","):
        host, port = _host_port(item) or ("", 0)
        try:
            with socket.create_connection((host, port), timeout=CONNECT_TIMEOUT):
                return
        except socket.gaierror:
            reasons.append(f"{host}: unknown host")
        except TimeoutError:
            reasons.append(f"{host}:{port}: no answer within {CONNECT_TIMEOUT:.0f} s")
        except OSError as exc:
            reasons.append(f"{host}:{port}: {exc.strerror or exc}".lower())
    raise AnalysisError(
        f"Spark master {url} is unreachable ({'; '.join(reasons)}): start it or check "
        "--spark-master"
    )


def _log_options() -> str:
    """The driver JVM's options for its log (see data/spark-log4j2.properties)."""
    level = re.sub(r"[^a-z]", "", os.environ.get(LOG_ENV, "off").lower()) or "off"
    config = Path(__file__).with_name("data") / "spark-log4j2.properties"
    root = level if level in ("info", "debug", "trace", "all") else "warn"
    return (
        f"-Dlog4j2.configurationFile={config.as_uri()} -Dconvenor.spark.log={level} "
        f"-Dconvenor.spark.root={root}"
    )


def spark_session(master: str, *, timeout: float | None = None) -> Any:
    """A SparkSession on ``master`` that has run a one-row job.

    The driver's JVM starts first (no deadline: it is local); from then on
    the master has ``timeout`` seconds to accept the application and run a
    job, else :class:`AnalysisError` names the URL. A session that did not
    start in time is left to die with the process (its JVM exits when
    Python does).
    """
    check_master(master)
    _reachable(master)
    if timeout is None:
        try:
            timeout = float(os.environ.get(TIMEOUT_ENV, "") or START_TIMEOUT)
        except ValueError:
            raise InputError(f"{TIMEOUT_ENV}: use a number of seconds", field="timeout") from None
    from pyspark import SparkConf, SparkContext
    from pyspark.sql import SparkSession

    # Executors of a cluster started by the same user run this Python, if
    # they need one at all (Ibis's queries are SQL; no Python UDFs).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    conf = (
        SparkConf()
        .setAppName("convenor")
        .setMaster(master)
        .set("spark.ui.enabled", "false")
        .set("spark.ui.showConsoleProgress", "false")
        .set("spark.sql.session.timeZone", "UTC")
        .set("spark.driver.extraJavaOptions", _log_options())
    )
    try:
        SparkContext._ensure_initialized(conf=conf)
    except Exception as exc:  # the JVM did not start: no Java, a bad SPARK_HOME
        raise AnalysisError(f"Spark could not start its driver: {_reason(exc)}") from None
    started: dict[str, Any] = {}

    def start() -> None:
        try:
            session = SparkSession.builder.config(conf=conf).getOrCreate()
            started["session"] = session
            session.range(1).count()
            started["ready"] = True
        except BaseException as exc:  # reported by the waiting thread
            started["error"] = exc

    worker = threading.Thread(target=start, name="convenor-spark-start", daemon=True)
    begun = time.monotonic()
    worker.start()
    worker.join(timeout)
    if "error" in started:
        raise AnalysisError(
            f"Spark master {master} did not start the application: {_reason(started['error'])}"
        ) from None
    if not started.get("ready"):
        session = started.get("session")
        if session is not None:
            with contextlib.suppress(Exception):
                session.sparkContext.cancelAllJobs()
        waited = time.monotonic() - begun
        raise AnalysisError(
            f"Spark master {master} ran no job within {waited:.0f} s: is it a Spark master "
            "with a live worker that has free cores and memory?"
        )
    return started["session"]


def _reason(exc: BaseException) -> str:
    """The first line of what Spark or the JVM said, without Java's class prefix."""
    text = str(getattr(exc, "desc", None) or exc).strip()
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith(("An error occurred while calling", "at ")):
            line = re.sub(r"^(\[[A-Z_.]+\]\s*)", "", line)
            line = re.sub(r"^([a-z]+\.)+[A-Za-z]*(Exception|Error):\s*", "", line)
            return line[:400]
    return type(exc).__name__


def spark_errors_as_analysis_errors(location: str, master: str | None) -> Any:
    """A context manager turning Spark's failures into one-line :class:`AnalysisError`.

    A file that cannot be read (missing, unreadable, a file system Spark
    does not have) names the store's location and the reason.
    """
    return _SparkErrors(location, master)


class _SparkErrors(contextlib.AbstractContextManager["_SparkErrors"]):
    FILE_PROBLEMS = (
        "PATH_NOT_FOUND",
        "Path does not exist",
        "FileNotFound",
        "No such file",
        "Permission denied",
        "AccessDenied",
        "No FileSystem for scheme",
        "UNSUPPORTED_FILE_SYSTEM",
        "S3AFileSystem not found",
        "ClassNotFoundException: Class org.apache.hadoop.fs",
        "UnknownHost",
        "FAILED_READ_FILE",
        "CANNOT_READ_FILE",
    )

    def __init__(self, location: str, master: str | None) -> None:
        self.location = location
        self.master = master

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: Any
    ) -> None:
        if exc is None or isinstance(exc, AnalysisError) or not _is_spark_error(exc):
            return None
        text = str(getattr(exc, "desc", None) or exc)
        reason = _file_reason(text) if any(p in text for p in self.FILE_PROBLEMS) else None
        if reason is not None:
            raise AnalysisError(
                f"the Spark cluster ({self.master}) cannot read the store {self.location}: {reason}"
            ) from None
        raise AnalysisError(f"Spark ({self.master}) failed: {_reason(exc)}") from None


def _is_spark_error(exc: BaseException) -> bool:
    module = type(exc).__module__
    return module.startswith(("pyspark", "py4j"))


def _file_reason(text: str) -> str:
    """The line of a Spark error that says which file and why."""
    for pattern in (
        r"(Path does not exist: \S+)",
        r"(No FileSystem for scheme \S+)",
        r"(Class org\.apache\.hadoop\.fs\.\S+ not found)",
        r"(java\.io\.FileNotFoundException: [^\n]+)",
        r"(\S+ \(Permission denied\))",
        r"(Permission denied[^\n]*)",
        r"(UnknownHostException: [^\n]+)",
    ):
        found = re.search(pattern, text)
        if found:
            return found.group(1).replace("java.io.", "").rstrip(".")
    return _reason(Exception(text))


@contextlib.contextmanager
def open_store(location: str | Path, choice: EngineChoice) -> Iterator[Any]:
    """The QCEW store at ``location`` on the chosen engine, closed (and Spark stopped) after.

    A local path works on both engines; a URL (``s3a://``, ``hdfs://``,
    ``file://``) only on Spark, which reads it through its own file systems.
    """
    from convenor.analysis.store import connect

    if choice.name == "duckdb":
        if is_url(location):
            raise InputError(
                f"store {location}: a URL store is read by Spark (add --engine spark)",
                field="store",
            )
        with connect(location) as store:
            yield store
        return
    assert choice.master is not None
    from pyspark import SparkContext

    # A session the process already runs (a notebook, a test) is used and left running.
    ours = SparkContext._active_spark_context is None
    session = spark_session(choice.master)
    try:
        with spark_errors_as_analysis_errors(str(location), choice.master):
            yield connect(location, engine="pyspark", spark_session=session)
    finally:
        if ours:
            with contextlib.suppress(Exception):
                session.stop()
