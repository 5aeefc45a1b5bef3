"""Command line of the analysis engine, with no Django import.

``convenor qcew ...`` and ``convenor analyze ...`` (the Django management
commands) call :func:`qcew_main` and :func:`~convenor.analysis.analyze_cli.analyze_main`
(in its own module) with the data
directory and BLS base URL from settings. Without Django::

    python -m convenor.analysis.cli --data-dir var/qcew qcew ingest FILES...
    python -m convenor.analysis.cli --data-dir var/qcew analyze --area 39049 --year 2020

Without ``--data-dir`` the store is the one the web app reads
(:func:`~convenor.analysis.store.default_store_dir`: ``CONVENOR_QCEW_DIR``,
else ``CONVENOR_DATA_DIR/qcew``). The options of an analysis become an
:class:`~convenor.analysis.request.AnalysisRequest`, validated there as the
page and the API validate theirs, so a bad value gets the same message.

Every error the engine raises on purpose is printed as one line on stderr
and the command exits with status 2 (bad input) or 1 (a file or download
failed); nothing prints a traceback. The engine itself (Ibis, DuckDB,
pyarrow) is imported only by the commands that query, after the options
are checked: ``--help`` and a usage error answer at once.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

from convenor.analysis import reference as ref
from convenor.analysis.engines import ENGINE_HELP, MASTER_HELP, EngineChoice, is_url
from convenor.analysis.errors import AnalysisError, IngestError, InputError
from convenor.analysis.request import (
    TrendRequest,
)
from convenor.analysis.store import connect, default_store_dir, read_manifest, store_paths
from convenor.lib.spreadsheets import safe_cell
from convenor.lib.words import counted

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID


EXIT_FAILED = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line naming the command and --help."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _error(prog: str, exc: Exception) -> None:
    # Plain print, not rich: a message must stay on one line whatever the width.
    print(f"{prog}: error: {exc}", file=sys.stderr)


def _console(file: object) -> Console:
    """A console; off a terminal (a pipe, a file) it is wide enough for the table."""
    # rich loads only for what it draws (tables, progress bars): start-up time.
    from rich.console import Console

    console = Console(file=file, highlight=False)  # type: ignore[arg-type]
    if not console.is_terminal:
        console = Console(file=file, highlight=False, width=200)  # type: ignore[arg-type]
    return console


class _Output:
    """A command's stdout or stderr: plain lines, or a rich console created on first use."""

    def __init__(self, file: IO[str]) -> None:
        self.file = file
        self._console: Console | None = None

    @property
    def console(self) -> Console:
        if self._console is None:
            self._console = _console(self.file)
        return self._console

    def line(self, text: str) -> None:
        """One line of text, as is (no markup, no wrapping)."""
        print(text, file=self.file)


def _default_url() -> str:
    # fetch imports DuckDB (through ingest): only the command that downloads pays for it.
    from convenor.analysis.fetch import DEFAULT_BASE_URL

    return os.environ.get("CONVENOR_QCEW_BASE_URL", DEFAULT_BASE_URL)


def add_engine_arguments(parser: argparse.ArgumentParser) -> None:
    """``--engine`` and ``--spark-master`` (checked by :class:`EngineChoice`)."""
    parser.add_argument("--engine", default=None, metavar="ENGINE", help=ENGINE_HELP)
    parser.add_argument("--spark-master", default=None, metavar="URL", help=MASTER_HELP)


def add_area_argument(parser: argparse.ArgumentParser) -> None:
    """``--area``: the region, as every command that analyses one takes it."""
    parser.add_argument(
        "--area",
        required=True,
        nargs="+",
        metavar="CODES",
        help="area codes of the region: county SSCCC, state SS000, MSA C####; several "
        "counties (a local workforce area) as 39049,39041 or space-separated",
    )


def _add_store_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store",
        default=None,
        metavar="DIR_OR_URL",
        help="the QCEW store: a directory (local or shared with a Spark cluster), or with "
        "--engine spark a URL Spark reads (s3a://, hdfs://); default: the web app's "
        "(CONVENOR_QCEW_DIR)",
    )


def _location(value: str | None, default: Path) -> Path | str:
    """The store's location: a URL stays a string, a directory becomes a Path."""
    if value is None:
        return default
    return value if is_url(value) else Path(value)


# -- convenor qcew ----------------------------------------------------------


def qcew_parser(prog: str = "convenor qcew") -> argparse.ArgumentParser:
    """The parser of ``convenor qcew`` (exposed so tests can walk every option)."""
    parser = _Parser(
        prog=prog,
        description="Load BLS QCEW data: ingest CSV files, fetch them from BLS, list what is "
        "stored.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    ingest = sub.add_parser(
        "ingest",
        help="ingest QCEW CSV files, folders or .zip archives",
        description="Ingest BLS QCEW CSV files (any layout BLS publishes: open-data slices, "
        "by-area and by-industry files, singlefiles; annual or quarterly). Re-ingesting a "
        "file changes nothing; a newer file for the same areas and period replaces the old.",
    )
    ingest.add_argument("paths", nargs="+", metavar="PATH", help="CSV file, folder or .zip")
    _add_store_argument(ingest)
    fetch = sub.add_parser(
        "fetch",
        help="download QCEW slices from BLS, cache and ingest them",
        description="Download BLS open-data slices (and the national US000 file for the "
        "period), cache them under the data directory and ingest them.",
    )
    fetch.add_argument("--year", type=int, required=True, help="year, e.g. 2023")
    fetch.add_argument(
        "--period",
        default="a",
        choices=ref.PERIODS,
        help="a for annual averages (default) or a quarter 1-4",
    )
    fetch.add_argument(
        "--area",
        nargs="+",
        default=[],
        metavar="CODE",
        help="area codes: county SSCCC, state SS000, MSA C####; commas or spaces",
    )
    fetch.add_argument(
        "--industry",
        nargs="+",
        default=[],
        metavar="CODE",
        help="industry codes (e.g. 3363 or 31-33): all areas' data for them",
    )
    fetch.add_argument(
        "--refresh", action="store_true", help="download again even if the file is cached"
    )
    fetch.add_argument(
        "--no-nation",
        action="store_true",
        help="do not also fetch the national US000 file (LQs are then estimated)",
    )
    lq = sub.add_parser(
        "lq",
        help="write the location quotient of every area and industry of a period",
        description="Compute the employment LQ of every loaded area, ownership and industry "
        "of one period against the loaded national (US000) data, the way BLS does, and "
        "write it as CSV or Parquet (by the file's extension) with BLS's published LQ beside "
        "it: where else an industry is concentrated.",
    )
    lq.add_argument("--year", type=int, required=True, help="year, e.g. 2023")
    lq.add_argument(
        "--period", default="a", choices=ref.PERIODS, help="a for annual (default) or 1-4"
    )
    lq.add_argument(
        "--industry",
        nargs="+",
        default=[],
        metavar="CODE",
        help="only these industry codes (e.g. 3363 or 31-33); default: every industry",
    )
    lq.add_argument(
        "--out",
        required=True,
        type=Path,
        help="output file: .csv, or .parquet for the whole country (millions of rows)",
    )
    _add_store_argument(lq)
    add_engine_arguments(lq)
    history = sub.add_parser(
        "history",
        help="write every area's history of an industry: each year's figures, change, CAGR",
        description="Every area's establishments, employment, wages and LQ in an industry for "
        "each loaded year (annual files), with the change and CAGR over the span: where the "
        "industry is growing, nationally. Suppressed cells stay empty (flagged); sums over "
        "ownerships with suppressed parts are flagged lower bounds. Written as CSV or Parquet "
        "by the engine.",
    )
    history.add_argument(
        "--industry",
        required=True,
        nargs="+",
        metavar="CODE",
        help="NAICS code(s), e.g. 3363 or 31-33; commas or spaces",
    )
    history.add_argument(
        "--from", dest="first", default=None, metavar="YEAR", help="first year (default: earliest)"
    )
    history.add_argument(
        "--to", dest="last", default=None, metavar="YEAR", help="last year (default: latest)"
    )
    history.add_argument(
        "--level",
        default="county",
        metavar="GEOGRAPHY",
        help="county (default), msa (metropolitan and micropolitan areas) or state",
    )
    history.add_argument(
        "--ownership",
        default="private",
        metavar="NAME",
        help=f"ownership: {', '.join(ref.OWNERSHIPS)} (default private)",
    )
    history.add_argument(
        "--out", required=True, type=Path, help="output file: .csv or .parquet (one row per area)"
    )
    _add_store_argument(history)
    add_engine_arguments(history)
    trend = sub.add_parser(
        "trend",
        help="write a region's monthly employment in some industries",
        description="The monthly employment of a region's industries over every loaded "
        "period (three months per quarterly file, one mid-year point for a year loaded only "
        "as an annual average): what the region page's trend chart draws. A month in which "
        "any area of the region is suppressed by BLS has no row, never a zero.",
    )
    add_area_argument(trend)
    trend.add_argument(
        "--industry",
        required=True,
        nargs="+",
        metavar="CODE",
        help="industry codes, e.g. 31-33 62 3363; commas or spaces",
    )
    trend.add_argument(
        "--ownership",
        default="private",
        metavar="NAME",
        help=f"ownership: {', '.join(ref.OWNERSHIPS)} (default private)",
    )
    trend.add_argument(
        "--format",
        default="table",
        choices=("table", "csv", "json"),
        help="output format (default table)",
    )
    trend.add_argument(
        "--output", type=Path, default=None, help="write to this file instead of the screen"
    )
    sub.add_parser(
        "list",
        help="list what is stored",
        description="List the stored files: source, layout, rows, periods and areas.",
    )
    return parser


def qcew_main(
    argv: Sequence[str] | None = None,
    *,
    qcew_dir: Path | str | None = None,
    base_url: str | None = None,
) -> int:
    """Run ``convenor qcew`` with ``argv``; returns the exit status."""
    parser = qcew_parser()
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    root: Path | str = Path(qcew_dir) if qcew_dir is not None else default_store_dir()
    root = _location(getattr(args, "store", None), Path(root))
    out = _Output(sys.stdout)
    err = _Output(sys.stderr)
    try:
        if args.command == "ingest":
            if not isinstance(root, Path):
                raise InputError(
                    f"--store {root}: ingest writes to a directory (a shared one the cluster "
                    "reads works); for s3a:// or hdfs://, ingest locally and copy the store"
                )
            return _ingest(args.paths, root, out, err)
        if args.command == "fetch":
            return _fetch(args, Path(root), base_url or _default_url(), out, err)
        if args.command == "lq":
            return _lq(args, root, out)
        if args.command == "history":
            return _history(args, root, out)
        if args.command == "trend":
            return _trend(args, Path(root), out)
        return _list(Path(root), out)
    except InputError as exc:
        _error("convenor qcew", exc)
        return EXIT_USAGE
    except AnalysisError as exc:
        _error("convenor qcew", exc)
        return EXIT_FAILED


def _codes(values: list[str]) -> list[str]:
    """Codes given space- or comma-separated (``--area 39049,39041 39045``)."""
    return [c.strip() for item in values for c in item.split(",") if c.strip()]


def _progress(console: Console, *, download: bool = False) -> Progress:
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    columns: list[Any] = [TextColumn("{task.description}"), BarColumn()]
    if download:
        columns += [DownloadColumn(), TransferSpeedColumn()]
    else:
        columns += [TextColumn("{task.percentage:>3.0f}%")]
    columns.append(TimeRemainingColumn())
    return Progress(*columns, console=console, disable=not console.is_terminal, transient=True)


def _ingest(paths: list[str], root: Path, out: _Output, err: _Output) -> int:
    # DuckDB and the engine load only for the command that needs them (start-up time).
    from convenor.analysis.ingest import collect_sources, ingest_source

    work = store_paths(root)["tmp"]
    failed = 0
    with collect_sources(paths, work) as sources:
        total = sum(s.size for s in sources) or 1
        done_before = 0
        with _progress(out.console) as bar:
            task = bar.add_task("ingest", total=total)
            for source in sources:
                name = Path(source.name).name

                def report(
                    _: str, fraction: float, base: int = done_before, size: int = source.size
                ) -> None:
                    bar.update(task, completed=base + fraction * size)

                bar.update(task, description=name)
                try:
                    result = ingest_source(source, root, progress=report)
                except IngestError as exc:
                    failed += 1
                    print(f"rejected {exc}", file=sys.stderr)
                else:
                    periods = ", ".join(result.periods)
                    replaced = (
                        f", replacing {counted(len(result.replaced), 'file')}"
                        if result.replaced
                        else ""
                    )
                    out.console.print(
                        f"{result.status:<9} {name}: {result.rows:,} rows, {result.layout}, "
                        f"{periods}, {counted(result.areas, 'area')}{replaced} "
                        f"({result.seconds:.1f} s)",
                        markup=False,
                    )
                done_before += source.size
                bar.update(task, completed=done_before)
    if failed:
        err.console.print(
            f"{failed} of {counted(len(sources), 'file')} rejected; nothing from them was stored"
        )
        return EXIT_FAILED
    return 0


def _fetch(args: argparse.Namespace, root: Path, base_url: str, out: _Output, err: _Output) -> int:
    from convenor.analysis.fetch import fetch  # DuckDB: see _ingest

    areas = _codes(args.area)
    industries = _codes(args.industry)
    with _progress(out.console, download=True) as bar:
        tasks: dict[str, TaskID] = {}

        def on_download(url: str, done: int, total: int | None) -> None:
            if url not in tasks:
                tasks[url] = bar.add_task(url.rsplit("/", 3)[-1], total=total)
            bar.update(tasks[url], completed=done)

        results = fetch(
            root,
            year=args.year,
            period=args.period,
            areas=areas,
            industries=industries,
            base_url=base_url,
            refresh=args.refresh,
            include_nation=not args.no_nation,
            on_download=on_download,
        )
    for r in results:
        how = "downloaded" if r.downloaded else "cached"
        out.console.print(
            f"{how:<10} {r.url} -> {r.ingest.status}, {r.ingest.rows:,} rows", markup=False
        )
    return 0


def _out_suffix(out: Path) -> str:
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise InputError(f"--out {out}: use a .csv or .parquet file name")
    return suffix


def _lq(args: argparse.Namespace, root: Path | str, out: _Output) -> int:
    _out_suffix(args.out)
    choice = EngineChoice.parse(args.engine, args.spark_master)
    industries = _codes(args.industry)
    # The engine loads only for the command that needs it (start-up time).
    from convenor.analysis.engines import open_store
    from convenor.analysis.location_quotient import write_all_area_lq

    label = f"{args.year} {ref.PERIOD_LABELS[args.period]}"
    with open_store(root, choice) as store:
        loaded = store.coverage().get((args.year, args.period), set())
        if not loaded:
            raise InputError(f"no {label} data loaded: ingest or fetch it first")
        if ref.NATION not in loaded:
            raise InputError(
                f"no national (US000) data loaded for {label}: LQs need it (`convenor qcew "
                f"fetch --year {args.year} --period {args.period} --area ...` fetches it)"
            )
        rows = write_all_area_lq(store, args.year, args.out, args.period, industries=industries)
    if rows == 0 and industries:
        args.out.unlink(missing_ok=True)
        raise InputError(f"no loaded rows for industry {', '.join(industries)}")
    out.line(f"{rows:,} LQs ({label}) written to {args.out} by {choice.describe()}")
    return 0


def _history(args: argparse.Namespace, root: Path | str, out: _Output) -> int:
    _out_suffix(args.out)
    from convenor.analysis.history import HistoryRequest

    request = HistoryRequest.parse(
        _codes(args.industry),
        args.first,
        args.last,
        level=args.level,
        ownership=args.ownership,
    )
    choice = EngineChoice.parse(args.engine, args.spark_master)
    from convenor.analysis.engines import open_store
    from convenor.analysis.history import write_history

    with open_store(root, choice) as store:
        history = write_history(store, request, args.out)
    years = history.years
    span = f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
    out.console.print(
        f"{history.rows:,} {request.level} rows of {', '.join(request.industries)}, "
        f"{span} ({counted(len(years), 'year')}), written to {args.out} by {choice.describe()}",
        markup=False,
    )
    for note in history.notes:
        out.console.print(f"Note: {note}", markup=False)
    return 0


def _trend(args: argparse.Namespace, root: Path, out: _Output) -> int:
    request = TrendRequest.parse(_codes(args.area), _codes(args.industry), ownership=args.ownership)
    # The engine loads only once the options are valid (start-up time).
    from convenor.analysis.trend import TREND_FIELDS, employment_trend

    with connect(root) as store:
        points = employment_trend(store, request)
    if not points:
        raise InputError(
            f"no disclosed employment loaded for {', '.join(request.industries)} in "
            f"{', '.join(request.areas)}: ingest or fetch the files first"
        )
    if args.format == "json":
        text = json.dumps(points, indent=2) + "\n"
    elif args.format == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=TREND_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: safe_cell(v) for k, v in p.items()} for p in points)
        text = buffer.getvalue()
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"Employment, {', '.join(request.areas)}", title_justify="left")
        for column in ("code", "industry", "month", "employment"):
            table.add_column(column, justify="right" if column == "employment" else "left")
        for p in points:
            table.add_row(
                p["industry_code"], p["industry_title"][:48], p["date"][:7], f"{p['employment']:,}"
            )
        if args.output:
            with open(args.output, "w", encoding="utf-8") as handle:
                Console(file=handle, width=200, highlight=False).print(table)
        else:
            out.console.print(table)
        return 0
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _list(root: Path, out: _Output) -> int:
    manifest = read_manifest(root)
    if not manifest.parts:
        out.console.print(f"Nothing stored yet in {root}. Run `convenor qcew ingest` or `fetch`.")
        return 0
    from rich.table import Table

    table = Table(title=f"QCEW data in {root}")
    for column in ("source", "layout", "rows", "periods", "areas", "ingested"):
        table.add_column(column, justify="right" if column in ("rows", "areas") else "left")
    for part in sorted(manifest.parts, key=lambda p: p.seq):
        areas = {a for v in part.coverage.values() for a in v}
        table.add_row(
            Path(part.source).name + (" (trimmed)" if part.trimmed else ""),
            part.layout,
            f"{part.rows:,}",
            ", ".join(sorted(part.coverage)),
            f"{len(areas):,}",
            part.ingested_at,
        )
    out.console.print(table)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m convenor.analysis.cli [--data-dir DIR] (qcew|analyze) ...`` without Django."""
    args = list(sys.argv[1:] if argv is None else argv)
    parser = _Parser(
        prog="python -m convenor.analysis.cli",
        description="Convenor's labour-market engine without Django.",
    )
    parser.add_argument("--data-dir", type=Path, default=None, help="QCEW data directory")
    parser.add_argument("--base-url", default=None, help="BLS open-data base URL")
    parser.add_argument("command", choices=("qcew", "analyze"), help="qcew or analyze")
    parser.add_argument("rest", nargs=argparse.REMAINDER, help="the command's arguments")
    ns = parser.parse_args(args)
    if ns.command == "qcew":
        return qcew_main(ns.rest, qcew_dir=ns.data_dir, base_url=ns.base_url)
    from convenor.analysis.analyze_cli import analyze_main

    return analyze_main(ns.rest, qcew_dir=ns.data_dir)


if __name__ == "__main__":
    sys.exit(main())
