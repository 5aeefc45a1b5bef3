"""Command line of the occupation engine, with no Django import.

``convenor occupations ...`` (a Django management command, wired later)
calls :func:`main` with the labour and QCEW data directories from settings;
the parsers are built by ``add_*_arguments`` functions so any host can
register them. Without Django::

    python -m convenor.analysis.occupations --data-dir var/labour ingest FILES...
    python -m convenor.analysis.occupations --data-dir var/labour list
    python -m convenor.analysis.occupations --data-dir var/labour --qcew-dir var/qcew \\
        --area 39049 --industry 62 --year 2020

The analysis is the default command (``occupations --area ...`` is
``occupations analyze --area ...``). Every error the engine raises on
purpose is one line on stderr; the exit status is 2 for bad input, 1 for a
rejected file.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from convenor.analysis.cli import add_area_argument
from convenor.analysis.occupations.errors import AnalysisError, InputError
from convenor.lib.words import counted

PROG = "convenor occupations"
EXIT_FAILED = 1
EXIT_USAGE = 2
COMMANDS = ("ingest", "list", "analyze", "gap", "evidence", "find")
SORTS = ("score", "employment", "openings", "wage", "code")


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line naming the command and --help."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _error(exc: Exception) -> None:
    print(f"{PROG}: error: {exc}", file=sys.stderr)


def default_labour_dir() -> Path:
    """``$CONVENOR_LABOUR_DIR``, else ``./var/labour`` (beside ``./var/qcew``)."""
    return Path(os.environ.get("CONVENOR_LABOUR_DIR", Path.cwd() / "var" / "labour"))


def default_qcew_dir() -> Path:
    """``$CONVENOR_QCEW_DIR``, else ``./var/qcew``."""
    return Path(os.environ.get("CONVENOR_QCEW_DIR", Path.cwd() / "var" / "qcew"))


# -- parsers -----------------------------------------------------------------


def add_ingest_arguments(parser: argparse.ArgumentParser) -> None:
    """``ingest PATH...``."""
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="file, folder or .zip (any of the layouts)"
    )


def add_list_arguments(parser: argparse.ArgumentParser) -> None:
    """``list`` (no options but the format)."""
    parser.add_argument(
        "--format", default="table", choices=("table", "json"), help="output format"
    )


def add_analyze_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of the occupation analysis (shared by ``gap`` and ``evidence``)."""
    add_area_argument(parser)
    parser.add_argument(
        "--industry", required=True, help="the target industry's NAICS code, e.g. 62 or 3363"
    )
    parser.add_argument("--year", type=int, required=True, help="the QCEW year, e.g. 2023")
    parser.add_argument(
        "--period",
        default="a",
        choices=("a", "1", "2", "3", "4", "t1", "t2", "t3"),
        help="QCEW period: a annual (default), 1-4 a quarter, t1-t3 four quarters to Q1-Q3",
    )
    parser.add_argument(
        "--ownership",
        default="private",
        choices=("private", "total", "federal", "state", "local"),
        help="QCEW ownership (default private)",
    )
    parser.add_argument(
        "--oews-year", type=int, default=None, help="May year of the staffing pattern"
    )
    parser.add_argument("--wage-year", type=int, default=None, help="May year of the OEWS wages")
    parser.add_argument("--ep", default=None, metavar="EDITION", help="EP edition, e.g. 2024-34")
    parser.add_argument(
        "--weights",
        default="",
        metavar="NAME=N,...",
        help="critical-occupation weights, e.g. size=2,openings=1,wage=1,training=0.5",
    )
    parser.add_argument(
        "--estimate-suppressed",
        action="store_true",
        help="fill a suppressed QCEW figure from the industry hierarchy (marked estimated)",
    )
    parser.add_argument("--name", default=None, help="a name for the region in the output")
    parser.add_argument(
        "--sort", default="score", choices=SORTS, help="row order (default score, highest first)"
    )
    parser.add_argument("--top", type=int, default=None, help="show only the first N rows")
    parser.add_argument(
        "--format",
        default="table",
        choices=("table", "csv", "json"),
        help="output format (csv and json carry every field)",
    )
    parser.add_argument(
        "--output", type=Path, default=None, help="write to this file instead of the screen"
    )
    from convenor.analysis.engines import ENGINE_HELP, MASTER_HELP  # no engine loaded

    parser.add_argument("--engine", default=None, metavar="ENGINE", help=ENGINE_HELP)
    parser.add_argument("--spark-master", default=None, metavar="URL", help=MASTER_HELP)


def add_gap_arguments(parser: argparse.ArgumentParser) -> None:
    """``gap``: the analysis options, programs and pooled demand."""
    add_analyze_arguments(parser)
    parser.add_argument(
        "--programs",
        type=Path,
        required=True,
        help="CSV of programs: cip_code, award_level, completers (or capacity), name, provider",
    )
    parser.add_argument(
        "--demand", type=Path, default=None, help="CSV of pooled demand: soc_code, openings"
    )


def add_evidence_arguments(parser: argparse.ArgumentParser) -> None:
    """``evidence``: the analysis options and, optionally, programs."""
    add_analyze_arguments(parser)
    parser.add_argument(
        "--programs", type=Path, default=None, help="CSV of programs (for the supply figures)"
    )
    parser.add_argument(
        "--critical", type=int, default=10, help="how many top-scoring occupations are critical"
    )


def add_find_arguments(parser: argparse.ArgumentParser) -> None:
    """``find TEXT``."""
    parser.add_argument("text", help="part of a SOC code or title, e.g. nurse or 29-11")
    parser.add_argument("--limit", type=int, default=20, help="at most this many")


def build_parser(prog: str = PROG) -> argparse.ArgumentParser:
    """The parser of ``convenor occupations`` (exposed so tests can walk every option)."""
    parser = _Parser(
        prog=prog,
        description="Occupations of a region's target industry: ingest OEWS, EP, CIP-SOC, "
        "ACS and QWI files, then estimate the industry's jobs by occupation with wages, "
        "projections, a critical-occupation score, training supply and evidence for "
        "employer challenges.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    add_ingest_arguments(
        sub.add_parser(
            "ingest",
            help="ingest labour-market files",
            description="Ingest OEWS workbooks (national, state, MSA, industry) and "
            "time-series files, the EP occupation workbook, the NCES CIP-SOC crosswalk and "
            "CIP list, ACS table exports (B15003, B23025) and QWI extracts. Each file is "
            "stored whole or not at all; re-ingesting the same bytes changes nothing.",
        )
    )
    add_list_arguments(
        sub.add_parser("list", help="list what is loaded", description="List the stored files.")
    )
    add_analyze_arguments(
        sub.add_parser(
            "analyze",
            help="the occupations of an industry in a region (the default command)",
            description="Estimated regional employment by occupation (QCEW x the national "
            "staffing pattern), wages of the region's own OEWS area, EP projections and a "
            "critical-occupation score with reasons.",
        )
    )
    add_gap_arguments(
        sub.add_parser(
            "gap",
            help="training supply and the gap, per critical occupation",
            description="Programs through the CIP-SOC crosswalk against projected openings "
            "and pooled employer demand, with the ACS attainment of the region's adults.",
        )
    )
    add_evidence_arguments(
        sub.add_parser(
            "evidence",
            help="figures for the data-verifiable employer challenges",
            description="The figures that support or weaken recruiting difficulty, skills "
            "gap, retirements, turnover and training slots, and what the data cannot show.",
        )
    )
    add_find_arguments(
        sub.add_parser(
            "find",
            help="find occupations by SOC code or title",
            description="Occupations of the loaded data whose code or title contains TEXT.",
        )
    )
    return parser


# -- commands ----------------------------------------------------------------


def main(
    argv: Sequence[str] | None = None,
    *,
    labour_dir: Path | str | None = None,
    qcew_dir: Path | str | None = None,
) -> int:
    """Run ``convenor occupations`` with ``argv``; returns the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] not in COMMANDS and args_list[0] not in ("-h", "--help"):
        args_list.insert(0, "analyze")
    parser = build_parser()
    args = parser.parse_args(args_list)
    labour = Path(labour_dir) if labour_dir is not None else default_labour_dir()
    qcew = Path(qcew_dir) if qcew_dir is not None else default_qcew_dir()
    if getattr(args, "top", None) is not None and args.top < 1:
        parser.error("--top must be at least 1")
    try:
        if args.command == "ingest":
            return run_ingest(args, labour)
        if args.command == "list":
            return run_list(args, labour)
        if args.command == "find":
            return run_find(args, labour)
        return run_analysis(args, labour, qcew)
    except InputError as exc:
        _error(exc)
        return EXIT_USAGE
    except AnalysisError as exc:
        _error(exc)
        return EXIT_FAILED


def run_ingest(args: argparse.Namespace, labour: Path) -> int:
    """Ingest every file, reporting each; 1 if any was rejected."""
    from convenor.analysis.occupations.errors import LabourIngestError
    from convenor.analysis.occupations.ingest import collect_sources, ingest_source
    from convenor.analysis.occupations.store import store_paths

    failed = 0
    total = 0
    with collect_sources(args.paths, store_paths(labour)["tmp"]) as sources:
        for source in sources:
            total += 1
            try:
                result = ingest_source(source, labour)
            except LabourIngestError as exc:
                failed += 1
                print(f"rejected {exc}", file=sys.stderr)
                continue
            replaced = (
                f", replacing rows of {counted(len(result.replaced), 'file')}"
                if result.replaced
                else ""
            )
            what = result.dataset or "nothing to store"
            print(
                f"{result.status:<9} {Path(result.source).name}: {result.layout}, {what}, "
                f"{result.rows:,} rows{replaced} ({result.seconds:.1f} s)"
            )
    if failed:
        print(
            f"{failed} of {counted(total, 'file')} rejected; nothing from them was stored",
            file=sys.stderr,
        )
        return EXIT_FAILED
    return 0


def run_list(args: argparse.Namespace, labour: Path) -> int:
    """What is loaded, one line per stored file."""
    from convenor.analysis.occupations.ingest import loaded

    parts = loaded(labour)
    if args.format == "json":
        print(json.dumps(parts, indent=2))
        return 0
    if not parts:
        print(f"Nothing loaded yet in {labour}. Run `{PROG} ingest PATH...`.")
        return 0
    from rich.table import Table

    table = Table(title=f"Labour-market data in {labour}", title_justify="left")
    for column in ("source", "dataset", "layout", "rows", "what", "ingested"):
        table.add_column(column, justify="right" if column == "rows" else "left")
    for part in parts:
        what = "; ".join(f"{k} {_short(v)}" for k, v in part["summary"].items() if k != "markers")
        _add_row(
            table,
            Path(part["source"]).name + (" (trimmed)" if part["trimmed"] else ""),
            part["dataset"],
            part["layout"],
            f"{part['rows']:,}",
            what,
            part["ingested_at"],
        )
    _console(sys.stdout).print(table)
    return 0


def _add_row(table: Any, *cells: str) -> None:
    from rich.markup import escape

    # Titles from files are text, not rich markup ("[...]" would vanish).
    table.add_row(*(escape(c) for c in cells))


def _short(value: Any) -> str:
    if isinstance(value, list):
        shown = ", ".join(str(v) for v in value[:4])
        return f"{shown}{', ...' if len(value) > 4 else ''}"
    return str(value)


def run_find(args: argparse.Namespace, labour: Path) -> int:
    """Occupations matching a code or title."""
    from convenor.analysis.occupations.soc import find_occupations
    from convenor.analysis.occupations.store import connect

    with connect(labour) as store:
        hits = find_occupations(store, args.text, limit=args.limit)
    for hit in hits:
        print(f"{hit['soc_code']}  {hit['soc_title']}")
    if not hits:
        print(f"No loaded occupation matches {args.text!r}.")
    return 0


def _read_csv(path: Path) -> list[dict[str, str]]:
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            return list(csv.DictReader(handle))
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not a UTF-8 CSV file") from None


def _demand(path: Path) -> dict[str, float]:
    out: dict[str, float] = {}
    for number, row in enumerate(_read_csv(path), start=1):
        code = (row.get("soc_code") or "").strip()
        raw = (row.get("openings") or "").strip()
        try:
            value = float(raw.replace(",", ""))
        except ValueError:
            raise InputError(f"{path}, row {number}, openings: not a number: {raw!r}") from None
        out[code] = out.get(code, 0.0) + value
    return out


def run_analysis(args: argparse.Namespace, labour: Path, qcew: Path) -> int:
    """``analyze``, ``gap`` and ``evidence``: one analysis, then its view."""
    from convenor.analysis.engines import EngineChoice, open_store
    from convenor.analysis.occupations.analyze import analyze_occupations
    from convenor.analysis.occupations.score import CriticalWeights
    from convenor.analysis.occupations.store import connect
    from convenor.analysis.store import connect as connect_qcew

    weights = CriticalWeights.parse(args.weights) if args.weights else CriticalWeights()
    areas = [c.strip() for item in args.area for c in item.split(",") if c.strip()]
    choice = EngineChoice.parse(args.engine, args.spark_master)
    with contextlib.ExitStack() as stack:
        if choice.name == "duckdb":
            qcew_store = stack.enter_context(connect_qcew(qcew))
            store = stack.enter_context(connect(labour))
        else:
            # One Spark session reads both stores (started and stopped by open_store).
            qcew_store = stack.enter_context(open_store(qcew, choice))
            store = connect(labour, engine="pyspark", spark_session=qcew_store.spark)
        analysis = analyze_occupations(
            store,
            qcew_store,
            areas,
            args.industry,
            args.year,
            period=args.period,
            ownership=args.ownership,
            oews_year=args.oews_year,
            wage_year=args.wage_year,
            ep_edition=args.ep,
            weights=weights,
            estimate_suppressed=args.estimate_suppressed,
            region_name=args.name,
        )
        analysis.rows = sort_rows(analysis.rows, args.sort)
        if args.command == "gap":
            text = _gap(args, store, analysis)
        elif args.command == "evidence":
            text = _evidence(args, store, analysis)
        else:
            if args.top:
                analysis.rows = analysis.rows[: args.top]
            text = _analysis_text(args, analysis)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def sort_rows(rows: list[dict[str, Any]], by: str) -> list[dict[str, Any]]:
    """Rows ordered for display; rows without the figure go last."""
    if by == "code":
        return sorted(rows, key=lambda r: r["soc_code"])
    field = {
        "score": "score",
        "employment": "industry_share",
        "openings": "annual_openings",
        "wage": "median_annual_wage",
    }[by]
    return sorted(rows, key=lambda r: (r[field] is None, -(r[field] or 0), r["soc_code"]))


def _console(file: Any) -> Any:
    from rich.console import Console

    console = Console(file=file, highlight=False)
    if not console.is_terminal:
        console = Console(file=file, highlight=False, width=220)
    return console


def _render(build: Any) -> str:
    import io

    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, highlight=False, width=220)
    build(console)
    return buffer.getvalue()


def _n(value: Any, fmt: str = "{:,}") -> str:
    return "n/d" if value is None else fmt.format(value)


def _analysis_text(args: argparse.Namespace, analysis: Any) -> str:
    if args.format == "csv":
        return str(analysis.to_csv())
    if args.format == "json":
        return str(analysis.to_json()) + "\n"
    return _render(lambda console: render_table(analysis, console))


def render_table(analysis: Any, console: Any) -> None:
    """The analysis as a readable table (unknown figures as n/d, lower bounds with >=)."""
    from rich.table import Table

    meta = analysis.meta()
    industry = meta["industry"]
    title = (
        f"{meta['region']['name']}: occupations of {industry['code']} {industry['title']} "
        f"({industry['year']}, {industry['ownership']})"
    )
    table = Table(title=title, title_justify="left")
    headers = ["SOC", "occupation", "share", "employment", "median wage", "wage area"]
    headers += ["openings/yr", "entry education", "score"]
    for header in headers:
        table.add_column(
            header,
            justify="left"
            if header in ("SOC", "occupation", "wage area", "entry education")
            else "right",
        )
    for row in analysis.rows:
        bound = ">=" if row["lower_bound"] else ""
        share = row["industry_share"]
        wage = row["median_annual_wage"]
        wage_text = "#" if row["median_annual_wage_flag"] == "#" else _n(wage, "${:,.0f}")
        _add_row(
            table,
            row["soc_code"],
            row["soc_title"][:44],
            "**" if share is None else f"{100 * share:.2f}%",
            bound + _n(row["estimated_employment"]),
            wage_text,
            row["wage_area_title"] or "",
            bound + _n(row["annual_openings"], "{:,.0f}"),
            (row["entry_education"] or "")[:32],
            _n(row["score"], "{:.1f}"),
        )
    console.print(table)
    for note in meta["notes"]:
        console.print(f"Note: {note}", markup=False)


def _gap(args: argparse.Namespace, store: Any, analysis: Any) -> str:
    from convenor.analysis.occupations.supply import GAP_FIELDS, supply_gap

    programs = _read_csv(args.programs)
    demand = _demand(args.demand) if args.demand else None
    gap = supply_gap(
        store, analysis, programs, demand=demand, top=args.top or 20, source=str(args.programs)
    )
    if args.format == "json":
        return json.dumps({"meta": analysis.meta(), **gap.as_dict()}, indent=2) + "\n"
    if args.format == "csv":
        import io

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(GAP_FIELDS)
        for row in gap.rows:
            values = dict(row)
            values["programs"] = "; ".join(
                f"{p['program']} [{p['cip_code']}, {p['award_level']}, {p['completers']:g}]"
                for p in row["programs"]
            )
            writer.writerow(["" if values[f] is None else values[f] for f in GAP_FIELDS])
        return out.getvalue()

    def draw(console: Any) -> None:
        from rich.table import Table

        table = Table(
            title=f"Supply and gap: {analysis.industry.region_name}", title_justify="left"
        )
        for header in ("SOC", "occupation", "openings/yr", "demand", "supply", "gap", "programs"):
            table.add_column(header)
        for row in gap.rows:
            _add_row(
                table,
                row["soc_code"],
                row["soc_title"][:40],
                _n(row["annual_openings"], "{:,.0f}"),
                _n(row["pooled_demand"], "{:,.0f}"),
                f"{row['supply_low']:,.0f}-{row['supply_high']:,.0f}",
                "n/d"
                if row["gap_low"] is None
                else f"{row['gap_low']:,.0f} to {row['gap_high']:,.0f}",
                "; ".join(p["program"] for p in row["programs"])[:50],
            )
        console.print(table)
        for note in gap.notes:
            console.print(f"Note: {note}", markup=False)

    return _render(draw)


def _evidence(args: argparse.Namespace, store: Any, analysis: Any) -> str:
    from convenor.analysis.occupations.evidence import challenge_evidence
    from convenor.analysis.occupations.supply import supply_gap

    gap = None
    if args.programs:
        gap = supply_gap(store, analysis, _read_csv(args.programs), source=str(args.programs))
    items = challenge_evidence(store, analysis, gap=gap, top=args.critical)
    if args.format == "json":
        body = {"meta": analysis.meta(), "evidence": [e.as_dict() for e in items]}
        return json.dumps(body, indent=2) + "\n"
    if args.format == "csv":
        import io

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        fields = list(items[0].as_dict()) if items else []
        writer.writerow(fields)
        for item in items:
            writer.writerow(["" if v is None else v for v in item.as_dict().values()])
        return out.getvalue()
    lines = [f"Evidence for employer challenges: {analysis.industry.region_name}"]
    for item in items:
        lines.append(f"[{item.challenge}] {item.reading}: {item.statement}")
    return "\n".join(lines) + "\n"


def module_main(argv: Sequence[str] | None = None) -> int:
    """``python -m convenor.analysis.occupations [--data-dir D] [--qcew-dir Q] ...``."""
    args = list(sys.argv[1:] if argv is None else argv)
    labour: str | None = None
    qcew: str | None = None
    while args and args[0] in ("--data-dir", "--qcew-dir"):
        if len(args) < 2:
            print(f"{PROG}: error: {args[0]} needs a directory", file=sys.stderr)
            return EXIT_USAGE
        if args[0] == "--data-dir":
            labour = args[1]
        else:
            qcew = args[1]
        args = args[2:]
    return main(args, labour_dir=labour, qcew_dir=qcew)
