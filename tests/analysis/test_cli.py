"""The command line: help everywhere, one-line errors, and the analysis formats."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import shutil
import subprocess
import sys

import pytest

from convenor.analysis.analyze import ANNUAL_FIELDS, QUARTERLY_FIELDS
from convenor.analysis.analyze_cli import analyze_main, analyze_parser
from convenor.analysis.cli import main, qcew_main, qcew_parser
from tests.analysis.helpers import ROOT, ohio_file, read_rows


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def test_every_command_and_option_has_help():
    parsers = {"qcew": qcew_parser(), "analyze": analyze_parser()}
    parsers.update({f"qcew {k}": v for k, v in _subparsers(parsers["qcew"]).items()})
    for name, parser in parsers.items():
        assert parser.description, name
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                assert all(a.help for a in action._choices_actions), name
            else:
                assert action.help, f"{name} {action.option_strings or action.dest}"


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["ingest", "--help"],
        ["fetch", "--help"],
        ["lq", "--help"],
        ["trend", "--help"],
        ["list", "--help"],
    ],
)
def test_qcew_help_works(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        qcew_main(argv, qcew_dir="unused")
    assert exit_.value.code == 0
    assert "usage: convenor qcew" in capsys.readouterr().out


def test_analyze_help_works(capsys):
    with pytest.raises(SystemExit) as exit_:
        analyze_main(["--help"], qcew_dir="unused")
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for option in ("--area", "--year", "--period", "--ownership", "--level", "--base-year"):
        assert option in out
    assert "--format" in out and "--estimate-suppressed" in out


def _one_line_error(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--area", "39049"], "required: --year"),
        (["--area", "39049", "--year", "2020", "--format", "xlsx"], "needs --output"),
    ],
)
def test_bad_analyze_usage_gives_a_one_line_error(ohio_store, capsys, argv, message):
    with pytest.raises(SystemExit) as exit_:
        analyze_main(argv, qcew_dir=ohio_store)
    assert exit_.value.code == 2
    assert message in _one_line_error(capsys)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--area", "Franklin", "--year", "2020"], "areas: 'Franklin' is not an area code"),
        (["--area", "39099", "--year", "2020"], "no annual average data for 2020 loaded for 39099"),
        (["--area", "39049", "--year", "2020", "--weights", "size=x"], "weights: bad weight"),
        (["--area", "39049", "--year", "2020", "--base-year", "2021"], "must be before"),
        (["--area", "39049", "--year", "2020", "--level", "9"], "level: '9' is not an industry"),
        (["--area", "39049", "--year", "twenty"], "year: 'twenty' is not a year"),
        (["--area", "39049", "--year", "2020", "--top", "0"], "top: 0 must be a whole number"),
        (["--area", "39049", "--year", "2020", "--sort", "size"], "sort: 'size' is not a column"),
    ],
)
def test_requests_the_data_cannot_answer_give_a_one_line_error(ohio_store, capsys, argv, message):
    assert analyze_main(argv, qcew_dir=ohio_store) == 2
    err = _one_line_error(capsys)
    assert err.startswith("convenor analyze: error: ")
    assert message in err


def test_analyze_prints_csv_with_plain_headers_over_the_exact_fields(ohio_store, capsys):
    assert (
        analyze_main(
            ["--area", "39049,39041", "--year", "2020", "--format", "csv"], qcew_dir=ohio_store
        )
        == 0
    )
    lines = io.StringIO(capsys.readouterr().out)
    headers = next(csv.reader(lines))
    assert headers[:5] == [
        "Industry code (NAICS)", "Industry", "Ownership", "Establishments",
        "Jobs (annual average)",
    ]  # fmt: skip
    assert "Concentration vs. Ohio (location quotient)" in headers
    assert len(headers) == len(ANNUAL_FIELDS)
    reader = csv.DictReader(lines)  # the second header row: the machine names
    assert reader.fieldnames == ANNUAL_FIELDS
    rows = list(reader)
    scores = [float(r["score"]) for r in rows if r["score"]]
    assert scores == sorted(scores, reverse=True)


def test_analyze_prints_json_with_metadata(ohio_store, capsys):
    argv = ["--area", "39049", "--year", "2020", "--period", "2", "--format", "json"]
    assert analyze_main(argv, qcew_dir=ohio_store) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data["rows"][0]) == QUARTERLY_FIELDS
    assert data["meta"]["region"] == {"codes": ["39049"], "name": "Franklin County, Ohio"}
    assert data["meta"]["period"] == "2"


def test_analyze_prints_a_table_with_notes(ohio_store, capsys):
    argv = ["--area", "39049", "39073", "--year", "2020", "--level", "4", "--top", "5"]
    assert analyze_main(argv, qcew_dir=ohio_store) == 0
    out = capsys.readouterr().out
    assert "Franklin County, Ohio and Hocking County, Ohio" in out
    assert "Note: National data not loaded" in out


def test_analyze_writes_to_a_file(ohio_store, tmp_path):
    target = tmp_path / "franklin.json"
    argv = ["--area", "39049", "--year", "2020", "--format", "json", "--output", str(target)]
    assert analyze_main(argv, qcew_dir=ohio_store) == 0
    assert json.loads(target.read_text())["meta"]["year"] == 2020


def test_ingest_reports_each_file_and_rejects_bad_ones(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,email\nAda,ada@example.org\n")
    shutil.copy(ohio_file("a", "39047"), tmp_path / "fayette.csv")
    code = qcew_main(["ingest", str(tmp_path / "fayette.csv"), str(bad)], qcew_dir=tmp_path / "s")
    captured = capsys.readouterr()
    assert code == 1
    assert "added     fayette.csv: 814 rows, annual, 2020-a, 1 area" in captured.out
    assert f"rejected {bad.name}, line 1, column annual_avg_emplvl: unknown layout" in captured.err
    assert "Traceback" not in captured.err


def test_ingest_of_a_missing_path_is_one_line(tmp_path, capsys):
    assert qcew_main(["ingest", str(tmp_path / "nope.csv")], qcew_dir=tmp_path / "s") == 1
    assert "no such file or folder" in _one_line_error(capsys)


def test_list_shows_what_is_stored(ohio_store, capsys):
    assert qcew_main(["list"], qcew_dir=ohio_store) == 0
    out = capsys.readouterr().out
    assert "morpc-qcew-2020-a-39049.csv" in out and "2020-a" in out


def test_fetch_offline_fails_in_one_line(tmp_path, capsys):
    argv = ["fetch", "--year", "2020", "--area", "39049"]
    assert qcew_main(argv, qcew_dir=tmp_path / "s", base_url="http://127.0.0.1:9") == 1
    assert "cannot reach 127.0.0.1:9" in _one_line_error(capsys)


def test_the_module_runs_without_django(ohio_store, capsys):
    argv = ["--data-dir", str(ohio_store), "analyze", "--area", "39049", "--year", "2020"]
    assert main([*argv, "--format", "csv", "--top", "3"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2 + 3  # two header rows


def test_lq_writes_every_areas_lq_beside_the_published_one(national_store, tmp_path, capsys):
    target = tmp_path / "lq.csv"
    assert qcew_main(["lq", "--year", "2020", "--out", str(target)], qcew_dir=national_store) == 0
    assert "written to" in capsys.readouterr().out
    with open(target, newline="") as handle:
        rows = list(csv.DictReader(handle))
    header = ["area_fips", "own_code", "industry_code", "agglvl_code", "lq", "published_lq"]
    assert list(rows[0]) == header
    both = [r for r in rows if r["lq"] and r["published_lq"]]
    assert len({r["area_fips"] for r in both}) > 10
    assert all(abs(float(r["lq"]) - float(r["published_lq"])) <= 0.01 for r in both)


def test_lq_for_some_industries_to_parquet(national_store, tmp_path):
    import pyarrow.parquet as pq

    target = tmp_path / "out" / "lq.parquet"
    argv = ["lq", "--year", "2020", "--industry", "62,31-33", "--out", str(target)]
    assert qcew_main(argv, qcew_dir=national_store) == 0
    assert set(pq.read_table(target)["industry_code"].to_pylist()) == {"62", "31-33"}


@pytest.mark.parametrize(
    "argv, message",
    [
        (["lq", "--year", "2020", "--out", "x.txt"], "use a .csv or .parquet"),
        (["lq", "--year", "2019", "--out", "x.csv"], "no 2019 annual average data loaded"),
    ],
)
def test_bad_lq_requests_give_a_one_line_error(national_store, capsys, argv, message):
    assert qcew_main(argv, qcew_dir=national_store) == 2
    assert message in _one_line_error(capsys)


def test_lq_without_national_data_says_how_to_get_it(ohio_store, tmp_path, capsys):
    argv = ["lq", "--year", "2020", "--out", str(tmp_path / "lq.csv")]
    assert qcew_main(argv, qcew_dir=ohio_store) == 2
    assert "no national (US000) data loaded for 2020 annual average" in _one_line_error(capsys)


def test_analyze_writes_a_workbook_with_the_csvs_rows(ohio_store, tmp_path, capsys):
    from openpyxl import load_workbook

    argv = ["--area", "39049,39041", "--year", "2020", "--level", "3"]
    assert analyze_main([*argv, "--format", "csv"], qcew_dir=ohio_store) == 0
    from_csv = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    target = tmp_path / "central.xlsx"
    assert (
        analyze_main([*argv, "--format", "xlsx", "--output", str(target)], qcew_dir=ohio_store) == 0
    )
    book = load_workbook(target)
    from_xlsx = [[c.value for c in row] for row in book["Industries"].iter_rows()]
    # Plain-English headings on both; the machine names under them in the CSV and
    # beside them on the workbook's About sheet.
    assert from_xlsx[0] == from_csv[0]
    assert from_csv[1] == ANNUAL_FIELDS
    about = [[c.value for c in row] for row in book["About"].iter_rows()]
    columns = about[[r[0] for r in about].index("Column") + 1 :]
    assert [(r[0], r[1]) for r in columns] == list(zip(from_csv[0], ANNUAL_FIELDS, strict=True))
    assert [r[0] for r in from_xlsx[1:]] == [r[0] for r in from_csv[2:]]
    employment = ANNUAL_FIELDS.index("employment")
    assert [r[employment] for r in from_xlsx[1:]] == [
        int(r[employment]) if r[employment] else None for r in from_csv[2:]
    ]


def test_the_trend_command_gives_the_months_bls_published(ohio_store, capsys):
    argv = ["trend", "--area", "39049", "--industry", "31-33", "--format", "csv"]
    assert qcew_main(argv, qcew_dir=ohio_store) == 0
    points = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(points[0]) == ["industry_code", "industry_title", "date", "employment"]
    expected = {}
    for quarter in "1234":
        row = next(
            r
            for r in read_rows(ohio_file(quarter, "39049"))
            if r["own_code"] == "5" and r["industry_code"] == "31-33"
        )
        for month in (1, 2, 3):
            date = f"2020-{(int(quarter) - 1) * 3 + month:02d}-01"
            expected[date] = int(row[f"month{month}_emplvl"])
    assert {p["date"]: int(p["employment"]) for p in points} == expected
    assert {p["industry_title"] for p in points} == {"Manufacturing"}


def test_the_trend_command_names_a_bad_industry_in_one_line(ohio_store, capsys):
    argv = ["trend", "--area", "39049", "--industry", "62", "health", "--format", "json"]
    assert qcew_main(argv, qcew_dir=ohio_store) == 2
    assert "industries: 'health' is not an industry code" in _one_line_error(capsys)


def _engine_cli(*argv: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "convenor.analysis.cli", *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if not k.startswith("CONVENOR_")} | env,
        timeout=120,
    )


def test_without_a_data_dir_the_command_line_reads_the_web_apps_store(ohio_store, tmp_path):
    shutil.copytree(ohio_store, tmp_path / "data" / "qcew")
    result = _engine_cli("qcew", "list", env={"CONVENOR_DATA_DIR": str(tmp_path / "data")})
    assert result.returncode == 0, result.stderr
    assert "morpc-qcew-2020-a-39049.csv" in result.stdout


def test_the_command_line_starts_without_django_or_the_engine():
    probe = (
        "import sys, convenor.analysis.cli, convenor.analysis.analyze_cli; "
        "print(sorted(m for m in ('django', 'ibis', 'duckdb', 'pyarrow', 'pandas') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.stdout.strip() == "[]", result.stderr


def test_the_table_has_the_lq_against_the_state_and_says_it_is_not_loaded(ohio_store, capsys):
    argv = ["--area", "39049", "--year", "2020", "--top", "3"]
    assert analyze_main(argv, qcew_dir=ohio_store) == 0
    out = capsys.readouterr().out
    assert "LQ OH" in out and "LQ OH: location quotient against Ohio (39000)." in out
    assert "Note: State data for Ohio (39000) is not loaded" in out
