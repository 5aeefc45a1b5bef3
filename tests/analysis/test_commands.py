"""The Django management commands hand their arguments to the engine's CLI."""

from __future__ import annotations

import pytest
from django.core.management import call_command


def test_analyze_runs_through_the_management_command(settings, ohio_store, capsys):
    settings.QCEW_DIR = ohio_store
    call_command("analyze", "--area", "39049", "--year", "2020", "--format", "csv", "--top", "2")
    assert len(capsys.readouterr().out.splitlines()) == 2 + 2  # two header rows, two industries


def test_qcew_list_runs_through_the_management_command(settings, ohio_store, capsys):
    settings.QCEW_DIR = ohio_store
    call_command("qcew", "list")
    assert "morpc-qcew-2020-a-39049.csv" in capsys.readouterr().out


def test_a_bad_option_exits_with_the_engines_one_line_error(settings, ohio_store, capsys):
    settings.QCEW_DIR = ohio_store
    with pytest.raises(SystemExit) as exit_:
        call_command("analyze", "--area", "39049", "--year", "2020", "--level", "9")
    assert exit_.value.code == 2  # bad input
    assert capsys.readouterr().err.startswith(
        "convenor analyze: error: level: '9' is not an industry level"
    )


def test_help_is_the_engines_help(capsys):
    from django.core.management import load_command_class

    load_command_class("convenor.regions", "qcew").print_help("convenor", "qcew")
    assert "ingest" in capsys.readouterr().out
