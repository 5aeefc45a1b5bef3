from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from convenor import cli
from convenor.accounts.models import User

ROOT = Path(__file__).resolve().parents[2]
CONSOLE_SCRIPT = Path(sys.executable).with_name("convenor")


def run_cli(*args, capsys):
    code = cli.main(list(args))
    out = capsys.readouterr()
    return code, out.out + out.err


def run_command(name: str, *args) -> tuple[int, str]:
    """Run a `convenor` command inside the test's database transaction.

    The console script ends with Django closing its connections, which would
    close the test's; so database tests call the same management command."""
    out = io.StringIO()
    try:
        call_command(cli.COMMANDS[name], *args, stdout=out, stderr=out)
    except CommandError as exc:
        return 1, out.getvalue() + str(exc)
    return 0, out.getvalue()


def test_the_console_script_is_installed_and_lists_its_commands(tmp_path):
    env = {**os.environ, "CONVENOR_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [str(CONSOLE_SCRIPT), "--help"], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    for name in ("demo", "serve", "createuser", "token", "worker", "qcew", "analyze"):
        assert f"  {name} " in result.stdout


@pytest.mark.parametrize("command", list(cli.COMMANDS))
def test_every_command_has_help(command, capsys):
    code, out = run_cli(command, "--help", capsys=capsys)
    assert code == 0
    assert f"usage: convenor {cli.COMMANDS[command]}" in out


@pytest.mark.parametrize("command", [c for c in cli.COMMANDS if c not in {"migrate", "check"}])
def test_every_command_is_documented_in_the_readme(command):
    assert f"convenor {command}" in (ROOT / "README.md").read_text()


def test_createuser_makes_an_account_that_can_sign_in(db):
    code, out = run_command(
        "createuser",
        "kim@board.example",
        "--password",
        "a long enough passphrase",
        "--new-workspace",
        "Kim Board",
    )
    assert code == 0
    assert "Created workspace Kim Board" in out
    assert Client().login(email="kim@board.example", password="a long enough passphrase")


def test_createuser_refuses_a_duplicate_with_a_clear_message(alice):
    code, out = run_command("createuser", alice.email, "--password", "a long enough passphrase")
    assert code == 1
    assert f"a user with e-mail {alice.email} already exists" in out


def test_token_create_prints_a_token_the_api_accepts(alice):
    code, out = run_command("token", "create", alice.email, "--name", "cron")
    assert code == 0
    raw = out.strip().splitlines()[-1]
    response = Client().get("/api/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200


def test_token_for_an_unknown_user_is_a_clear_error(db):
    code, out = run_command("token", "create", "ghost@example.org")
    assert code == 1
    assert "no user with e-mail ghost@example.org" in out


def test_demo_without_serving_builds_the_demo_workspace_and_prints_sign_ins(db):
    code, out = run_command("demo", "--no-serve")
    assert code == 0
    assert "password for all" in out
    owner = User.objects.get(email="dana.owner@demo.convenor.example")
    client = Client()
    client.force_login(owner)
    home = client.get("/", follow=True)
    assert b"Central Ohio Advanced Manufacturing Partnership" in home.content
