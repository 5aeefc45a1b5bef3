"""A Spark standalone cluster on 127.0.0.1, from the scripts PySpark ships.

For the cluster test (tests/spark_cluster) and the benchmark's scaling table:
one master and one worker (``spark-class org.apache.spark.deploy.master.Master``
and ``...worker.Worker``) on free ports, with their logs and work files in a
folder of the caller's. :func:`local_cluster` stops both (and the executors
the worker started: one process group each) when the block ends, however it
ends; an ``atexit`` hook does the same if the interpreter exits first.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


def spark_class() -> Path:
    """``bin/spark-class`` of the installed PySpark."""
    import pyspark

    return Path(pyspark.__file__).parent / "bin" / "spark-class"


def free_port() -> int:
    """A port nothing listens on now (bound and released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class LocalCluster:
    """A running master and worker; ``url`` is what ``--spark-master`` takes."""

    url: str
    web_url: str
    work: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def state(self) -> dict[str, object]:
        """The master's JSON status (workers, running and completed applications)."""
        with urllib.request.urlopen(f"{self.web_url}/json/", timeout=10) as response:  # noqa: S310
            state: dict[str, object] = json.load(response)
        return state

    def stop(self) -> None:
        """Stop the worker (and its executors), then the master; idempotent."""
        for process in reversed(self.processes):
            _stop_group(process)
        self.processes.clear()

    def logs(self) -> str:
        """The tail of each daemon's log, for a failure's message."""
        parts = []
        for log in sorted(self.work.glob("*.log")):
            lines = log.read_text(errors="replace").splitlines()[-15:]
            parts.append(f"--- {log.name}\n" + "\n".join(lines))
        return "\n".join(parts)


def _stop_group(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=20)


def _environment(work: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SPARK_", "PYSPARK_"))}
    env.update(
        SPARK_LOCAL_IP="127.0.0.1",
        SPARK_NO_DAEMONIZE="1",
        SPARK_LOG_DIR=str(work / "logs"),
        SPARK_WORKER_DIR=str(work / "worker"),
        SPARK_DAEMON_MEMORY="512m",
    )
    return env


def _start(args: list[str], work: Path, name: str) -> subprocess.Popen[bytes]:
    log = open(work / f"{name}.log", "wb")  # noqa: SIM115 (the daemon writes it until stopped)
    try:
        return subprocess.Popen(
            [str(spark_class()), *args],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=_environment(work),
            cwd=work,
            start_new_session=True,  # its own process group: stop() ends executors too
        )
    finally:
        log.close()


def _wait(what: str, ready: object, deadline: float, cluster: LocalCluster) -> None:
    while time.monotonic() < deadline:
        for process in cluster.processes:
            if process.poll() is not None:
                raise RuntimeError(f"{what}: a daemon exited ({process.args})\n{cluster.logs()}")
        with contextlib.suppress(OSError, ValueError):
            if ready():  # type: ignore[operator]
                return
        time.sleep(0.5)
    raise RuntimeError(f"{what}: not ready in time\n{cluster.logs()}")


@contextlib.contextmanager
def local_cluster(
    work: Path, *, cores: int = 2, memory: str = "2g", timeout: float = 300.0
) -> Iterator[LocalCluster]:
    """Start a master and one worker (``cores``, ``memory``) on 127.0.0.1; stop them after."""
    work = Path(work)
    work.mkdir(parents=True, exist_ok=True)
    port, web = free_port(), free_port()
    cluster = LocalCluster(f"spark://127.0.0.1:{port}", f"http://127.0.0.1:{web}", work)
    atexit.register(cluster.stop)
    deadline = time.monotonic() + timeout
    try:
        master = "org.apache.spark.deploy.master.Master"
        args = ["--host", "127.0.0.1", "--port", str(port), "--webui-port", str(web)]
        cluster.processes.append(_start([master, *args], work, "master"))

        def master_up() -> bool:
            return bool(cluster.state().get("status") == "ALIVE")

        _wait("Spark master", master_up, deadline, cluster)
        worker = "org.apache.spark.deploy.worker.Worker"
        args = [cluster.url, "--host", "127.0.0.1", "--port", str(free_port())]
        args += ["--webui-port", str(free_port()), "--cores", str(cores), "--memory", memory]
        args += ["--work-dir", str(work / "worker")]
        cluster.processes.append(_start([worker, *args], work, "worker"))

        def worker_up() -> bool:
            return int(cluster.state().get("aliveworkers", 0) or 0) >= 1  # type: ignore[call-overload]

        _wait("Spark worker", worker_up, deadline, cluster)
        yield cluster
    finally:
        cluster.stop()
        atexit.unregister(cluster.stop)
