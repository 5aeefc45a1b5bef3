"""The command line: help everywhere, one-line errors, the formats, without Django."""

from __future__ import annotations

import argparse
import csv
import io
import json
import subprocess
import sys

import pytest

from convenor.analysis.occupations.analyze import FIELDS
from convenor.analysis.occupations.cli import build_parser, main
from convenor.analysis.occupations.supply import GAP_FIELDS
from tests.occupations.helpers import CROSSWALK, EP_2024, NATIONAL


def _subparsers(parser):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def test_every_command_and_option_has_help():
    parser = build_parser()
    parsers = {"occupations": parser, **_subparsers(parser)}
    assert set(parsers) == {"occupations", "ingest", "list", "analyze", "gap", "evidence", "find"}
    for name, sub in parsers.items():
        assert sub.description, name
        for action in sub._actions:
            if isinstance(action, argparse._SubParsersAction):
                assert all(a.help for a in action._choices_actions)
            else:
                assert action.help, f"{name} {action.option_strings or action.dest}"


def _one_line_error(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


def test_the_analysis_is_the_default_command(labour_dir, ohio_store, capsys):
    argv = ["--area", "39049", "--industry", "62", "--year", "2020", "--format", "csv"]
    assert main(argv, labour_dir=labour_dir, qcew_dir=ohio_store) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == FIELDS
    nurses = next(r for r in rows if r["soc_code"] == "29-1141")
    assert nurses["median_annual_wage"] == "83900.0" and nurses["wage_area_code"] == "18140"
    assert [r["score"] for r in rows][:2] == sorted([r["score"] for r in rows][:2], key=float)[::-1]


def test_json_carries_meta_and_rows(labour_dir, ohio_store, capsys):
    argv = ["analyze", "--area", "39047", "--industry", "62", "--year", "2020"]
    assert (
        main([*argv, "--format", "json", "--top", "3"], labour_dir=labour_dir, qcew_dir=ohio_store)
        == 0
    )
    body = json.loads(capsys.readouterr().out)
    assert len(body["rows"]) == 3
    assert body["meta"]["industry"]["suppressed"] is True
    assert all(r["estimated_employment"] is None for r in body["rows"])


def test_the_table_shows_unknowns_as_not_disclosed(labour_dir, ohio_store, capsys):
    argv = ["--area", "39047", "--industry", "62", "--year", "2020", "--top", "2"]
    assert main(argv, labour_dir=labour_dir, qcew_dir=ohio_store) == 0
    out = capsys.readouterr().out
    assert "n/d" in out and "Note: QCEW suppresses" in out


def test_gap_and_evidence_read_programs_from_csv(labour_dir, ohio_store, tmp_path, capsys):
    programs = tmp_path / "programs.csv"
    programs.write_text("cip_code,award_level,completers,name\n51.3801,5,400,BSN\n")
    demand = tmp_path / "demand.csv"
    demand.write_text("soc_code,openings\n29-1141,900\n")
    base = ["--area", "39049", "--industry", "62", "--year", "2020"]
    argv = ["gap", *base, "--programs", str(programs), "--demand", str(demand), "--format", "csv"]
    assert main(argv, labour_dir=labour_dir, qcew_dir=ohio_store) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == GAP_FIELDS
    nurses = next(r for r in rows if r["soc_code"] == "29-1141")
    assert (nurses["supply_low"], nurses["supply_high"], nurses["pooled_demand"]) == (
        "200.0",
        "400.0",
        "900.0",
    )
    assert "BSN" in nurses["programs"]
    argv = ["evidence", *base, "--programs", str(programs)]
    assert main(argv, labour_dir=labour_dir, qcew_dir=ohio_store) == 0
    out = capsys.readouterr().out
    assert "[turnover] cannot_show" in out and "[training_slots]" in out


def test_a_bad_program_row_is_a_one_line_usage_error(labour_dir, ohio_store, tmp_path, capsys):
    programs = tmp_path / "programs.csv"
    programs.write_text("cip_code,award_level,completers\n51.3801,5,400\n99.1234,5,3\n")
    argv = [
        "gap",
        "--area",
        "39049",
        "--industry",
        "62",
        "--year",
        "2020",
        "--programs",
        str(programs),
    ]
    assert main(argv, labour_dir=labour_dir, qcew_dir=ohio_store) == 2
    error = _one_line_error(capsys)
    assert "row 2, cip_code: unknown CIP 2020 code 99.1234" in error


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--area", "39049", "--year", "2020"], "required: --industry"),
        (["--area", "39049", "--industry", "62", "--year", "x"], "invalid int value"),
        (
            ["--area", "39049", "--industry", "62", "--year", "2020", "--top", "0"],
            "--top must be at least 1",
        ),
    ],
)
def test_bad_options_give_a_one_line_error(labour_dir, ohio_store, capsys, argv, message):
    with pytest.raises(SystemExit) as exit_:
        main(argv, labour_dir=labour_dir, qcew_dir=ohio_store)
    assert exit_.value.code == 2
    assert message in _one_line_error(capsys)


def test_an_industry_without_a_pattern_exits_2_naming_it(labour_dir, ohio_store, capsys):
    argv = ["--area", "39049", "--industry", "23", "--year", "2020"]
    assert main(argv, labour_dir=labour_dir, qcew_dir=ohio_store) == 2
    assert "no staffing pattern loaded for industry 23" in _one_line_error(capsys)


def test_ingest_reports_each_file_and_list_shows_them(tmp_path, capsys):
    root = tmp_path / "labour"
    assert main(["ingest", str(NATIONAL), str(EP_2024)], labour_dir=root) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("added     national_M2025_dl.xlsx: oews-workbook, oews")
    assert out[1].startswith("added     occupation.xlsx: ep-occupation, ep")
    assert main(["ingest", str(NATIONAL)], labour_dir=root) == 0
    assert capsys.readouterr().out.startswith("unchanged national_M2025_dl.xlsx")
    assert main(["list", "--format", "json"], labour_dir=root) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [p["dataset"] for p in listed] == ["oews", "ep"]
    assert main(["list"], labour_dir=root) == 0
    assert "national_M2025_dl.xlsx" in capsys.readouterr().out


def test_a_rejected_file_is_reported_and_the_others_stored(tmp_path, capsys):
    root = tmp_path / "labour"
    bad = tmp_path / "notes.csv"
    bad.write_text("hello,world\n1,2\n")
    assert main(["ingest", str(bad), str(CROSSWALK)], labour_dir=root) == 1
    captured = capsys.readouterr()
    assert f"rejected {bad}, line 1: not a layout Convenor reads" in captured.err
    assert "1 of 2 files rejected" in captured.err
    assert "added     CIP2020_SOC2018_Crosswalk.xlsx" in captured.out


def test_find_lists_occupations_by_title(labour_dir, capsys):
    assert main(["find", "registered nurse"], labour_dir=labour_dir) == 0
    assert "29-1141  Registered Nurses" in capsys.readouterr().out


SCRIPT = """
import sys, runpy
labour, qcew = sys.argv[1:3]
sys.argv = ["x", "--data-dir", labour, "--qcew-dir", qcew, "--area", "39049", "--industry", "62",
            "--year", "2020", "--top", "1", "--format", "csv"]
try:
    runpy.run_module("convenor.analysis.occupations", run_name="__main__")
except SystemExit as exit_:
    assert exit_.code == 0, exit_.code
assert not [m for m in sys.modules if m.startswith("django")], "Django was imported"
"""


def test_the_module_runs_an_analysis_without_django(labour_dir, ohio_store):
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(labour_dir), str(ohio_store)],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": "."},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("soc_code,soc_title,")
