"""Scaling table: national history over 1, 2, 5 and 10 years, DuckDB vs a local Spark cluster.

``python -m benchmarks.scaling`` (``make bench`` runs it after ``benchmarks.qcew``):

1. the seeded national annual files for 2015-2024 (``benchmarks.generate --years``,
   about 3.6 million rows each; written once, kept in ``benchmarks/out``), ingested
   into one store;
2. a Spark standalone cluster on 127.0.0.1 (:mod:`benchmarks.cluster`: one master,
   one worker with every core of this machine);
3. for each span, ``convenor qcew history`` of four industries for every county over
   the last N years, in its own process, on DuckDB and on the cluster, interleaved in
   the same run. Each run reports the engine's time (opening the store and writing
   the file; for Spark after its session started) and the whole process's; peak
   memory is the resident memory of the process and its children, plus the cluster's
   executors, sampled every 0.2 s.

Writes ``benchmarks/out/scaling.md`` and ``scaling.json``: rows per second, peak
memory, a straight line ``seconds = fixed + rows / rate`` fitted to each engine, and
where those lines cross.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

OUT = Path(__file__).with_name("out")
FIRST, LAST = 2015, 2024
SPANS = (1, 2, 5, 10)
INDUSTRIES = ("31-33", "62", "5415", "3363")


def _child(engine: str, first: int, last: int, store: Path, master: str, out: Path) -> dict:
    """One history run in this process: seconds to start the engine and to write the file."""
    started = time.perf_counter()
    from convenor.analysis.engines import EngineChoice, open_store
    from convenor.analysis.history import HistoryRequest, write_history
    from convenor.analysis.store import read_manifest

    choice = EngineChoice("duckdb") if engine == "duckdb" else EngineChoice("spark", master)
    request = HistoryRequest.parse(list(INDUSTRIES), first, last, level="county")
    with open_store(store, choice) as opened:
        ready = time.perf_counter()
        written = write_history(opened, request, out)
        done = time.perf_counter()
    rows_in = sum(
        p.rows
        for p in read_manifest(store).parts
        if any(first <= y <= last for y, _ in p.periods())
    )
    return {
        "engine": engine,
        "years": last - first + 1,
        "rows_in": rows_in,
        "rows_out": written.rows,
        "start_seconds": ready - started,
        "query_seconds": done - ready,
    }


def _descendants(roots: list[int]) -> set[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        parents.setdefault(ppid, []).append(int(entry))
    found: set[int] = set()
    todo = list(roots)
    while todo:
        pid = todo.pop()
        for child in parents.get(pid, []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _rss_mb(pids: set[int]) -> float:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total / 1024


def measure(cmd: list[str], executor_roots: list[int]) -> tuple[dict, float, float]:
    """Run ``cmd``; its JSON line, wall seconds and sampled peak memory (MB)."""
    peak = 0.0
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            pids = {proc.pid} | _descendants([proc.pid]) | _descendants(executor_roots)
            peak = max(peak, _rss_mb(pids))
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - started
    stop.set()
    sampler.join()
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{stderr}")
    return json.loads(stdout.strip().splitlines()[-1]), wall, peak


def fit(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Least-squares ``seconds = fixed + slope * rows``; returns ``(fixed, slope)``."""
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    var = sum((x - mx) ** 2 for x, _ in points)
    slope = sum((x - mx) * (y - my) for x, y in points) / var if var else 0.0
    return my - slope * mx, slope


def prepare(seed: int, work: Path) -> Path:
    """The ten years' files (generated once) ingested into ``work/years-store``."""
    from benchmarks.generate import generate_years, year_file
    from convenor.analysis.ingest import ingest

    folder = OUT / f"national-{FIRST}-{LAST}-seed{seed}"
    years = list(range(FIRST, LAST + 1))
    if not all((folder / year_file(y)).exists() for y in years):
        print(f"generating {folder} (ten national files) ...", file=sys.stderr)
        generate_years(folder, years, seed=seed)
    store = work / "years-store"
    ingest([folder / year_file(y) for y in years], store)
    return store


def report(runs: list[dict], cores: int) -> tuple[str, dict]:
    """The table, the fitted lines and where they cross."""
    lines = [
        f"History of {len(INDUSTRIES)} industries ({', '.join(INDUSTRIES)}) for every county, "
        f"{os.cpu_count()} CPUs; Spark: a standalone cluster on 127.0.0.1, one worker "
        f"with {cores} cores. Engine seconds: opening the store and writing the file "
        "(Spark's session already started); whole process: start to exit.",
        "",
        "| years | rows read | engine | engine s | rows/s | whole process s | peak memory |",
        "| ---: | ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    for r in runs:
        rate = r["rows_in"] / r["query_seconds"] if r["query_seconds"] else 0.0
        lines.append(
            f"| {r['years']} | {r['rows_in']:,} | {r['engine']} | {r['query_seconds']:.1f} | "
            f"{rate:,.0f} | {r['wall_seconds']:.1f} | {r['peak_mb']:,.0f} MB |"
        )
    lines.append("")
    lines_by: dict[str, dict[str, tuple[float, float]]] = {}
    for engine in ("duckdb", "spark"):
        mine = [r for r in runs if r["engine"] == engine]
        if len(mine) < 2:
            continue
        lines_by[engine] = {
            "engine": fit([(r["rows_in"], r["query_seconds"]) for r in mine]),
            "whole": fit([(r["rows_in"], r["wall_seconds"]) for r in mine]),
        }
    crossings: dict[str, float | None] = {}
    if len(lines_by) == 2:
        for kind in ("engine", "whole"):
            (a_d, b_d), (a_s, b_s) = lines_by["duckdb"][kind], lines_by["spark"][kind]
            label = "engine time" if kind == "engine" else "whole process"
            lines.append(
                f"- {label}: DuckDB {a_d:.1f} s + {1e6 * b_d:.2f} s per million rows; Spark "
                f"{a_s:.1f} s + {1e6 * b_s:.2f} s per million rows."
            )
            crossings[kind] = (a_s - a_d) / (b_d - b_s) if b_d > b_s else None
            if crossings[kind] is None:
                lines.append(
                    f"  The lines do not cross: Spark costs more per row here as well as more "
                    f"to start ({label})."
                )
            else:
                lines.append(
                    f"  They cross at about {crossings[kind] / 1e6:,.0f} million rows "
                    f"({crossings[kind] / 3.6e6:,.0f} national annual files)."
                )
    summary = {"runs": runs, "lines": lines_by, "crossings": crossings, "cores": cores}
    return "\n".join(lines), summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.scaling",
        description="History over 1-10 national years on DuckDB and on a local Spark cluster.",
    )
    parser.add_argument("--work", type=Path, default=OUT / "work", help="scratch directory")
    parser.add_argument("--seed", type=int, default=None, help="generator seed")
    parser.add_argument(
        "--spans", default=",".join(map(str, SPANS)), help="years per run, e.g. 1,2,5,10"
    )
    parser.add_argument("--cores", type=int, default=os.cpu_count() or 2, help="worker cores")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--first", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--master", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        out = args.work / f"history-{args.child}-{args.first}.parquet"
        print(json.dumps(_child(args.child, args.first, LAST, args.store, args.master, out)))
        return 0
    from benchmarks.cluster import local_cluster
    from benchmarks.generate import DEFAULT_SEED

    seed = args.seed if args.seed is not None else DEFAULT_SEED
    args.work.mkdir(parents=True, exist_ok=True)
    store = prepare(seed, args.work)
    spans = [int(s) for s in args.spans.split(",")]
    runs = []
    with local_cluster(args.work / "cluster", cores=args.cores, memory="3g") as cluster:
        worker = cluster.processes[-1].pid
        for span in spans:
            for engine in ("duckdb", "spark"):
                cmd = [sys.executable, "-m", "benchmarks.scaling", "--child", engine]
                cmd += ["--first", str(LAST - span + 1), "--store", str(store)]
                cmd += ["--master", cluster.url, "--work", str(args.work)]
                result, wall, peak = measure(cmd, [worker] if engine == "spark" else [])
                result.update(wall_seconds=wall, peak_mb=round(peak, 1))
                runs.append(result)
                print(
                    f"  {span:>2} years {engine:<6} engine {result['query_seconds']:7.1f} s  "
                    f"whole {wall:7.1f} s  peak {peak:7.0f} MB",
                    file=sys.stderr,
                )
    table, summary = report(runs, args.cores)
    OUT.mkdir(exist_ok=True)
    (OUT / "scaling.json").write_text(json.dumps(summary, indent=2))
    (OUT / "scaling.md").write_text(table + "\n")
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
