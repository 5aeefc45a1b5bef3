"""QCEW benchmark: ``python -m benchmarks.qcew`` (what ``make bench`` runs).

Generates (once, cached by seed) the synthetic national annual singlefile,
then measures, each in its own process so peak memory is the task's alone:

* ingest: Convenor's ``ingest`` vs DuckDB's plain ``COPY (SELECT * FROM
  read_csv(...)) TO ... (FORMAT parquet)`` (the floor) and pandas
  ``read_csv`` + ``to_parquet``;
* the employment LQ of every area and industry of the year: Convenor's
  ``all_area_lq`` (Ibis on DuckDB, to a pyarrow table) vs pandas on the same
  Parquet file;
* one region's full analysis (``analyze_region``, warm: connection open and
  one run done) vs pandas on the same Parquet file.

Prints a table of seconds, peak memory and ratios, and writes it to
``benchmarks/out/results.json`` and ``results.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OUT = Path(__file__).with_name("out")
REGION = ["39049", "39041", "39045", "39089", "39097", "39129", "39159"]
YEAR = 2020


def _child(task: str, csv_path: Path, work: Path, repeat: int) -> dict:
    """Run one measured task in this (fresh) process; return seconds and peak RSS."""
    started_imports = time.perf_counter()
    rows = 0
    if task == "floor":
        import duckdb

        target = work / "floor.parquet"
        t = time.perf_counter()
        duckdb.connect().execute(
            f"COPY (SELECT * FROM read_csv('{csv_path}')) TO '{target}' (FORMAT parquet)"  # noqa: S608
        )
        seconds = [time.perf_counter() - t]
    elif task == "ingest":
        from convenor.analysis.ingest import ingest

        target = work / "store-ingest"
        shutil.rmtree(target, ignore_errors=True)
        t = time.perf_counter()
        result = ingest([csv_path], target)
        seconds = [time.perf_counter() - t]
        rows = result[0].rows
    elif task == "pandas_ingest":
        from benchmarks.baselines import pandas_ingest

        t = time.perf_counter()
        rows = pandas_ingest(csv_path, work / "pandas.parquet")
        seconds = [time.perf_counter() - t]
    else:
        parquet = _store_parquet(work)
        seconds = []
        if task == "lq":
            from convenor.analysis.location_quotient import all_area_lq
            from convenor.analysis.store import connect

            store = connect(work / "store")

            def run() -> int:
                return all_area_lq(store, YEAR).num_rows

        elif task in ("lq_pandas", "lq_pandas_whole"):
            from benchmarks.baselines import pandas_all_area_lq

            def run() -> int:
                return pandas_all_area_lq(parquet, whole_file=task.endswith("whole"))

        elif task == "region":
            from convenor.analysis.analyze import analyze_region
            from convenor.analysis.store import connect

            store = connect(work / "store")

            def run() -> int:
                return len(analyze_region(store, REGION, YEAR).rows)

        elif task in ("region_pandas", "region_pandas_whole"):
            from benchmarks.baselines import pandas_region_analysis

            def run() -> int:
                whole = task.endswith("whole")
                return pandas_region_analysis(parquet, REGION, YEAR, whole_file=whole)

        else:
            raise SystemExit(f"unknown task {task}")
        rows = run()  # warm-up: imports, connection, OS cache
        for _ in range(repeat):
            t = time.perf_counter()
            rows = run()
            seconds.append(time.perf_counter() - t)
    return {
        "task": task,
        "seconds": min(seconds),
        "median_seconds": statistics.median(seconds),
        "peak_mb": round(_peak_mb(), 1),
        "rows": rows,
        "process_seconds": time.perf_counter() - started_imports,
    }


def _peak_mb() -> float:
    """This process's peak resident memory.

    Linux's VmHWM belongs to the process image, so unlike ``ru_maxrss`` it
    does not carry over the parent's peak across fork and exec.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _store_parquet(work: Path) -> Path:
    from convenor.analysis.store import read_manifest

    (part,) = read_manifest(work / "store").parts
    return work / "store" / part.file


def _measure(task: str, csv_path: Path, work: Path, repeat: int) -> dict:
    cmd = [sys.executable, "-m", "benchmarks.qcew", "--child", task, "--csv", str(csv_path)]
    cmd += ["--work", str(work), "--repeat", str(repeat)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{task} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def whole_process(cmd: list[str], *, env: dict[str, str] | None = None) -> dict:
    """Wall time and peak memory of one command, start to exit (``os.wait4``'s own rusage)."""
    with tempfile.TemporaryFile() as log:
        t = time.perf_counter()
        proc = subprocess.Popen(
            cmd, stdout=log, stderr=log, env=env, cwd=Path(__file__).resolve().parents[1]
        )
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            log.seek(0)
            raise SystemExit(f"{' '.join(cmd)} failed:\n{log.read().decode(errors='replace')}")
    return {"seconds": seconds, "peak_mb": round(usage.ru_maxrss / 1024, 1)}


def whole_commands(work: Path) -> dict[str, list[str]]:
    """The commands compared whole-process: Convenor's console script and pandas scripts."""
    convenor = str(Path(sys.executable).with_name("convenor"))
    parquet = str(_store_parquet(work))
    return {
        "cli_lq": [
            convenor,
            "qcew",
            "lq",
            "--year",
            str(YEAR),
            "--out",
            str(work / "cli-lq.parquet"),
        ],
        "script_lq": [
            sys.executable,
            "benchmarks/scripts/lq_pandas.py",
            parquet,
            str(work / "pandas-lq.parquet"),
        ],
        "cli_region": [
            convenor,
            "analyze",
            "--area",
            ",".join(REGION),
            "--year",
            str(YEAR),
            "--format",
            "csv",
            "--output",
            str(work / "cli-region.csv"),
        ],
        "script_region": [
            sys.executable,
            "-m",
            "benchmarks.scripts.region_pandas",
            parquet,
            str(YEAR),
            ",".join(REGION),
            str(work / "pandas-region.csv"),
        ],
    }


def run_whole(work: Path, *, repeat: int) -> dict[str, dict]:
    """Each command ``repeat`` times, interleaved (the machine is shared); best run kept.

    Convenor's commands keep their compiled SQL in the store (``cache/sql``,
    see convenor/analysis/store.py): the store's cache is emptied first, so
    the first round's Convenor runs are cold (``cli_lq_cold``,
    ``cli_region_cold``: Ibis imported, expressions built and compiled) and
    the later rounds warm, as every run after the first on an installation.
    """
    env = {**os.environ, "CONVENOR_QCEW_DIR": str(work / "store")}
    shutil.rmtree(work / "store" / "cache", ignore_errors=True)
    results: dict[str, dict] = {}
    commands = whole_commands(work)
    load = [os.getloadavg()[0]]
    for round_ in range(repeat + 1):
        for task, cmd in commands.items():
            name = f"{task}_cold" if round_ == 0 and task.startswith("cli_") else task
            if round_ == 0 and name == task:
                continue  # the baselines' first round would only warm the OS cache
            r = {"task": name, **whole_process(cmd, env=env)}
            if name not in results or r["seconds"] < results[name]["seconds"]:
                results[name] = r
    load.append(os.getloadavg()[0])
    import pyarrow.parquet as pq

    rows = {
        n: pq.ParquetFile(work / f"{n}-lq.parquet").metadata.num_rows for n in ("cli", "pandas")
    }
    if rows["cli"] != rows["pandas"]:
        raise SystemExit(f"the LQ files differ: {rows}")
    results["cli_lq"]["rows"] = results["script_lq"]["rows"] = rows["cli"]
    for r in results.values():
        r["load_average"] = load
        _say(r)
    return results


def whole_table(results: dict[str, dict]) -> str:
    """The whole-process figures and ratios as a Markdown table."""
    r = results
    lines = [
        "| command | seconds | peak memory | ratio |",
        "| --- | ---: | ---: | --- |",
    ]
    for task, label, base in (
        ("cli_lq", "`convenor qcew lq --out lq.parquet`, warm", "script_lq"),
        ("cli_lq_cold", "`convenor qcew lq --out lq.parquet`, cold (first run)", "script_lq"),
        ("script_lq", "pandas script (benchmarks/scripts/lq_pandas.py)", None),
        ("cli_region", "`convenor analyze` 7 counties to CSV, warm", "script_region"),
        ("cli_region_cold", "`convenor analyze` 7 counties to CSV, cold", "script_region"),
        ("script_region", "pandas (benchmarks/scripts/region_pandas.py)", None),
    ):
        if task not in r:
            continue
        ratio = f"{r[base]['seconds'] / r[task]['seconds']:.1f}x faster" if base else ""
        lines.append(
            f"| {label} | {r[task]['seconds']:.2f} | {r[task]['peak_mb']:,.0f} MB | {ratio} |"
        )
    load = next(iter(r.values())).get("load_average", [])
    if load:
        lines += ["", f"Load average (1 min) at start and end: {load[0]:.1f}, {load[-1]:.1f}."]
    return "\n".join(lines)


def run_benchmark(csv_path: Path, work: Path, *, repeat: int) -> dict[str, dict]:
    """Measure every task; the query tasks read the store the ingest task wrote."""
    work.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict] = {}
    # Floor and ingest alternate, best of two each: the machine is shared.
    for task in ("floor", "ingest", "floor", "ingest"):
        r = _measure(task, csv_path, work, 1)
        if task not in results or r["seconds"] < results[task]["seconds"]:
            results[task] = r
        _say(r)
    results["pandas_ingest"] = _say(_measure("pandas_ingest", csv_path, work, 1))
    shutil.rmtree(work / "store", ignore_errors=True)
    shutil.copytree(work / "store-ingest", work / "store")
    for task in (
        "lq",
        "lq_pandas",
        "lq_pandas_whole",
        "region",
        "region_pandas",
        "region_pandas_whole",
    ):
        results[task] = _say(_measure(task, csv_path, work, repeat))
    results.update(run_whole(work, repeat=repeat))
    return results


def _say(result: dict) -> dict:
    print(
        f"  {result['task']:<14} {result['seconds']:8.3f} s  peak {result['peak_mb']:7.0f} MB",
        file=sys.stderr,
    )
    return result


def report(results: dict[str, dict], csv_path: Path, rows: int) -> tuple[str, dict]:
    """The table of figures and ratios, with the issue's targets."""
    r = results
    floor_ratio = r["ingest"]["seconds"] / r["floor"]["seconds"]
    pandas_ingest = r["pandas_ingest"]["seconds"] / r["ingest"]["seconds"]
    lq = r["lq_pandas"]["seconds"] / r["lq"]["seconds"]
    region = r["region_pandas"]["seconds"] / r["region"]["seconds"]
    cli_lq = r["script_lq"]["seconds"] / r["cli_lq"]["seconds"]
    cli_region = r["script_region"]["seconds"] / r["cli_region"]["seconds"]
    checks = {
        "ingest within 1.25x of the DuckDB COPY floor": floor_ratio <= 1.25,
        "ingest at least 1.5x faster than pandas": pandas_ingest >= 1.5,
        "ingest peak memory under 1 GiB": r["ingest"]["peak_mb"] < 1024,
        "all-area LQ at least 8x faster than pandas": lq >= 8,
        "region analysis at least 10x faster than pandas": region >= 10,
        "`convenor qcew lq` whole process at least 3x faster than the pandas script": cli_lq >= 3,
        "`convenor analyze` whole process at least 5x faster than pandas": cli_region >= 5,
    }
    size_mb = csv_path.stat().st_size / 1e6
    lines = [
        f"QCEW benchmark: {csv_path.name}, {rows:,} rows, {size_mb:,.0f} MB, "
        f"{os.cpu_count()} CPUs, region of {len(REGION)} counties",
        "",
        "| task | seconds | peak memory | ratio |",
        "| --- | ---: | ---: | --- |",
        f"| ingest (Convenor) | {r['ingest']['seconds']:.2f} | {r['ingest']['peak_mb']:,.0f} MB "
        f"| {floor_ratio:.2f}x the floor; {pandas_ingest:.1f}x faster than pandas |",
        f"| DuckDB COPY read_csv -> Parquet (floor) | {r['floor']['seconds']:.2f} "
        f"| {r['floor']['peak_mb']:,.0f} MB | |",
        f"| pandas read_csv + to_parquet | {r['pandas_ingest']['seconds']:.2f} "
        f"| {r['pandas_ingest']['peak_mb']:,.0f} MB | |",
        f"| all-area LQ (Convenor, Ibis on DuckDB, to a pyarrow table) | {r['lq']['seconds']:.3f} "
        f"| {r['lq']['peak_mb']:,.0f} MB | {lq:.1f}x faster than pandas |",
        f"| all-area LQ (pandas, columns needed) | {r['lq_pandas']['seconds']:.3f} "
        f"| {r['lq_pandas']['peak_mb']:,.0f} MB | |",
        f"| all-area LQ (pandas, whole file read) | {r['lq_pandas_whole']['seconds']:.3f} "
        f"| {r['lq_pandas_whole']['peak_mb']:,.0f} MB | |",
        f"| region analysis, warm (Convenor) | {r['region']['seconds']:.3f} "
        f"| {r['region']['peak_mb']:,.0f} MB | {region:.1f}x faster than pandas |",
        f"| region analysis (pandas, columns needed) | {r['region_pandas']['seconds']:.3f} "
        f"| {r['region_pandas']['peak_mb']:,.0f} MB | |",
        f"| region analysis (pandas, whole file read) | "
        f"{r['region_pandas_whole']['seconds']:.3f} "
        f"| {r['region_pandas_whole']['peak_mb']:,.0f} MB | |",
        f"| `convenor qcew lq --out lq.parquet`, whole process | {r['cli_lq']['seconds']:.2f} "
        f"| {r['cli_lq']['peak_mb']:,.0f} MB | {cli_lq:.1f}x faster than the pandas script |",
        f"| `convenor qcew lq`, whole process, cold (first run: Ibis, compile) "
        f"| {r['cli_lq_cold']['seconds']:.2f} | {r['cli_lq_cold']['peak_mb']:,.0f} MB "
        f"| {r['script_lq']['seconds'] / r['cli_lq_cold']['seconds']:.1f}x |",
        f"| pandas script (benchmarks/scripts/lq_pandas.py), whole process "
        f"| {r['script_lq']['seconds']:.2f} | {r['script_lq']['peak_mb']:,.0f} MB | |",
        f"| `convenor analyze` 7 counties to CSV, whole process | {r['cli_region']['seconds']:.2f} "
        f"| {r['cli_region']['peak_mb']:,.0f} MB | {cli_region:.1f}x faster than pandas |",
        f"| `convenor analyze`, whole process, cold (first run) "
        f"| {r['cli_region_cold']['seconds']:.2f} | {r['cli_region_cold']['peak_mb']:,.0f} MB "
        f"| {r['script_region']['seconds'] / r['cli_region_cold']['seconds']:.1f}x |",
        f"| pandas (benchmarks/scripts/region_pandas.py), whole process "
        f"| {r['script_region']['seconds']:.2f} | {r['script_region']['peak_mb']:,.0f} MB | |",
        "",
        "Ratios are against the faster pandas variant (only the columns needed). Whole "
        "process: from start to exit (Python's start-up and imports included), best of "
        "the interleaved runs, peak memory from the process's own rusage; warm runs reuse "
        "the compiled SQL the cold run left in the store (cache/sql). Load average (1 min) "
        f"at start and end of the whole-process runs: "
        f"{', '.join(f'{v:.1f}' for v in r['cli_lq'].get('load_average', []))}.",
        "",
        *[f"- [{'x' if ok else ' '}] {name}" for name, ok in checks.items()],
    ]
    summary = {
        "file": str(csv_path),
        "rows": rows,
        "bytes": csv_path.stat().st_size,
        "region": REGION,
        "results": results,
        "ratios": {
            "ingest_vs_floor": floor_ratio,
            "pandas_ingest_vs_ingest": pandas_ingest,
            "pandas_lq_vs_lq": lq,
            "pandas_region_vs_region": region,
            "pandas_script_vs_cli_lq": cli_lq,
            "pandas_script_vs_cli_region": cli_region,
        },
        "targets_met": checks,
    }
    return "\n".join(lines), summary


def main(argv: list[str] | None = None) -> int:
    """Generate the file if needed, measure, print and save the figures."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.qcew",
        description="Benchmark QCEW ingest and analysis against DuckDB and pandas baselines.",
    )
    parser.add_argument("--csv", type=Path, default=None, help="national file (else generated)")
    parser.add_argument("--work", type=Path, default=OUT / "work", help="scratch directory")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each query task")
    parser.add_argument("--seed", type=int, default=None, help="generator seed")
    parser.add_argument("--regenerate", action="store_true", help="write the file again")
    parser.add_argument(
        "--only",
        choices=("whole",),
        default=None,
        help="whole: only the whole-process comparisons (cli_lq, script_lq, cli_region, "
        "script_region), on the store a previous run left in --work",
    )
    parser.add_argument("--whole-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_child(args.child, args.csv, args.work, args.repeat)))
        return 0
    if args.only == "whole" or args.whole_only:
        whole = run_whole(args.work, repeat=args.repeat)
        (OUT / "whole.json").write_text(json.dumps(whole, indent=2))
        table = whole_table(whole)
        (OUT / "whole.md").write_text(table + "\n")
        print(table)
        return 0
    from benchmarks.generate import DEFAULT_SEED

    seed = args.seed if args.seed is not None else DEFAULT_SEED
    csv_path = args.csv or OUT / f"national-{YEAR}-seed{seed}.csv"
    if args.csv is None and (args.regenerate or not csv_path.exists()):
        print(f"generating {csv_path} ...", file=sys.stderr)
        subprocess.run(
            [sys.executable, "-m", "benchmarks.generate", str(csv_path), "--seed", str(seed)],
            check=True,
        )
    with open(csv_path, "rb") as handle:
        rows = sum(1 for _ in handle) - 1
    results = run_benchmark(csv_path, args.work, repeat=args.repeat)
    table, summary = report(results, csv_path, rows)
    OUT.mkdir(exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(summary, indent=2))
    (OUT / "results.md").write_text(table + "\n")
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
