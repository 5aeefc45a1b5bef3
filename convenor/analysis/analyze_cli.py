"""``convenor analyze``: one region's industries, ranked (the command line, no Django).

The options become an :class:`~convenor.analysis.request.AnalysisRequest`, validated
there as the page and the API validate theirs; the shared parts of the command line
(errors, output, engine and store options) are in :mod:`convenor.analysis.cli`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from convenor.analysis import reference as ref
from convenor.analysis.cli import (
    EXIT_FAILED,
    EXIT_USAGE,
    _add_store_argument,
    _codes,
    _console,
    _error,
    _location,
    _Parser,
    add_area_argument,
    add_engine_arguments,
)
from convenor.analysis.engines import EngineChoice
from convenor.analysis.errors import AnalysisError, InputError
from convenor.analysis.request import PERIOD_HELP, SORT_FIELDS, AnalysisRequest
from convenor.analysis.store import default_store_dir

if TYPE_CHECKING:
    from rich.console import Console

    from convenor.analysis.result import RegionAnalysis
    from convenor.analysis.store import Store

BINARY_FORMATS = ("xlsx", "pdf", "docx")  # written to --output only
# The command line's short names of the columns most often sorted by.
SORTS = ("score", "employment", "lq", "code")


def analyze_parser(prog: str = "convenor analyze") -> argparse.ArgumentParser:
    """The parser of ``convenor analyze``.

    Values are not checked here (no ``choices``): the
    :class:`~convenor.analysis.request.AnalysisRequest` they become checks
    them, with the messages the page and the API give.
    """
    parser = _Parser(
        prog=prog,
        description="Industry analysis of a region from loaded QCEW data: establishments, "
        "employment, wages, location quotient, change, CAGR, shift-share and a target-"
        "industry score with reasons, one row per industry.",
    )
    add_area_argument(parser)
    parser.add_argument("--year", required=True, metavar="YEAR", help="year to analyse")
    parser.add_argument(
        "--period",
        default="a",
        metavar="PERIOD",
        help=f"{PERIOD_HELP} (default a); t2 of 2021 is 2020 Q3 to 2021 Q2, built from "
        "quarterly files",
    )
    parser.add_argument(
        "--ownership",
        default="private",
        metavar="NAME",
        help=f"ownership: {', '.join(ref.OWNERSHIPS)} (default private; total sums all ownerships)",
    )
    parser.add_argument(
        "--level",
        default="sector",
        metavar="LEVEL",
        help="industry detail: total, domain, supersector, sector (default) or NAICS digits "
        "3, 4, 5, 6",
    )
    parser.add_argument(
        "--base-year",
        default=None,
        metavar="YEAR",
        help="year for change, CAGR and shift-share (default: earliest loaded of the five "
        "years before, else the year before from the files' over-the-year columns)",
    )
    parser.add_argument(
        "--format",
        default="table",
        choices=("table", "csv", "json", "xlsx", "pdf", "docx"),
        help="output format (csv, json and xlsx carry every field; pdf and docx are the "
        "printable regional snapshot: ranked table, charts, notes and sources; xlsx, pdf "
        "and docx need --output)",
    )
    parser.add_argument(
        "--estimate-suppressed",
        action="store_true",
        help="fill BLS-suppressed cells with estimates from the industry hierarchy "
        "(marked estimated, never ranked)",
    )
    parser.add_argument(
        "--weights",
        default="",
        metavar="NAME=N,...",
        help="score weights, e.g. size=1,concentration=2,growth=1,wages=1,competitive=0 "
        "(unnamed weights stay 1)",
    )
    parser.add_argument(
        "--sort",
        default="score",
        metavar="COLUMN",
        help=f"row order: {', '.join(SORTS)} or any of {', '.join(SORT_FIELDS[3:])} "
        "(default score, highest first; codes and titles A-Z)",
    )
    parser.add_argument("--top", default=None, metavar="N", help="show only the first N rows")
    parser.add_argument("--name", default=None, help="a name for the region in the output")
    parser.add_argument(
        "--output", type=Path, default=None, help="write to this file instead of the screen"
    )
    _add_store_argument(parser)
    add_engine_arguments(parser)
    return parser


def analyze_main(argv: Sequence[str] | None = None, *, qcew_dir: Path | str | None = None) -> int:
    """Run ``convenor analyze`` with ``argv``; returns the exit status."""
    parser = analyze_parser()
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    root = _location(args.store, Path(qcew_dir) if qcew_dir is not None else default_store_dir())
    if args.format in BINARY_FORMATS and not args.output:
        parser.error(f"--format {args.format} needs --output FILE.{args.format}")
    try:
        request = AnalysisRequest.parse(
            _codes(args.area),
            args.year,
            period=args.period,
            ownership=args.ownership,
            level=args.level,
            base_year=args.base_year,
            estimate_suppressed=args.estimate_suppressed,
            weights=args.weights,
            name=args.name,
            sort=args.sort,
            top=args.top,
        )
        choice = EngineChoice.parse(args.engine, args.spark_master)
        # The engine loads only once the options are valid (start-up time).
        from convenor.analysis.analyze import analyze
        from convenor.analysis.engines import open_store

        with open_store(root, choice) as store:
            result = analyze(store, request)
            if args.format in ("pdf", "docx"):
                args.output.write_bytes(_snapshot(store, result, args.format))
                return 0
    except InputError as exc:
        _error("convenor analyze", exc)
        return EXIT_USAGE
    except AnalysisError as exc:
        _error("convenor analyze", exc)
        return EXIT_FAILED
    if args.format == "xlsx":
        args.output.write_bytes(result.to_xlsx())
        return 0
    if args.format == "csv":
        text = result.to_csv()
    elif args.format == "json":
        text = result.to_json() + "\n"
    else:
        text = ""
    if args.output:
        if args.format == "table":
            from rich.console import Console

            with open(args.output, "w", encoding="utf-8") as handle:
                render_table(result, Console(file=handle, width=200, highlight=False))
        else:
            args.output.write_text(text, encoding="utf-8")
        return 0
    if args.format == "table":
        render_table(result, _console(sys.stdout))
    else:
        sys.stdout.write(text)
    return 0


def _snapshot(store: Store, result: RegionAnalysis, fmt: str) -> bytes:
    """The printable regional snapshot (the trend needs the open store)."""
    # WeasyPrint, python-docx and vl-convert load only for a report.
    from convenor.analysis.charts import region_trend_chart
    from convenor.analysis.report import snapshot_docx, snapshot_pdf, snapshot_report

    report = snapshot_report(result, region_trend_chart(store, result))
    return snapshot_pdf(report) if fmt == "pdf" else snapshot_docx(report)


def _n(value: object, fmt: str = "{:,}") -> str:
    return "n/d" if value is None else fmt.format(value)


def render_table(result: RegionAnalysis, console: Console) -> None:
    """The analysis as a readable table (suppressed figures shown as n/d)."""
    from rich.table import Table

    period = ref.period_label(result.year, result.period)
    title = (
        f"{result.region.name} - {result.year} {period}, "
        f"{ref.OWNERSHIP_LABELS[result.ownership].lower()}, {ref.LEVEL_LABELS[result.level]}"
    )
    table = Table(title=title, title_justify="left")
    pay_field = "avg_annual_pay" if ref.is_annual(result.period) else "avg_weekly_wage"
    state = result.state
    found = ref.area(state.code) if state is not None else None
    lq_state = f"LQ {found.state_postal if found else 'state'}" if state is not None else None
    headers = ["code", "industry", "estabs", "employment", "avg pay", "LQ"]
    headers += [lq_state] if lq_state else []
    headers += ["change", "CAGR"]
    headers += ["competitive", "score", "flags"]
    for header in headers:
        table.add_column(
            header, justify="left" if header in ("code", "industry", "flags") else "right"
        )
    records = result.records()
    for row in records:
        flags = [
            name
            for name, on in (
                ("suppressed", row["suppressed"] and not row["estimated"]),
                ("estimated", row["estimated"]),
                ("lower bound", row["lower_bound"]),
            )
            if on
        ]
        lq = _n(row["lq"], "{:.2f}") + ("*" if row["lq_source"] == "estimated" else "")
        table.add_row(
            row["industry_code"],
            row["industry_title"][:48],
            _n(row["establishments"]),
            _n(row["employment"]),
            _n(row[pay_field]),
            lq,
            *([_n(row["lq_state"], "{:.2f}")] if lq_state else []),
            "" if row["employment_change"] is None else f"{row['employment_change']:+,}",
            "" if row["employment_cagr"] is None else f"{100 * row['employment_cagr']:+.1f}%",
            "" if row["shift_competitive"] is None else f"{row['shift_competitive']:+,.0f}",
            _n(row["score"], "{:.1f}"),
            ", ".join(flags),
        )
    console.print(table)
    base = f"base year {result.base_year} ({result.base_source})" if result.base_year else "no base"
    console.print(f"Areas: {', '.join(result.region.codes)}; {base}.", markup=False)
    if state is not None:
        console.print(
            f"{lq_state}: location quotient against {state.name} ({state.code}).", markup=False
        )
    for note in result.notes:
        console.print(f"Note: {note}", markup=False)
    if any(r["lq_source"] == "estimated" for r in records):
        console.print("* LQ estimated without national data.", markup=False)


# -- python -m convenor.analysis.cli -----------------------------------------
