"""The ``convenor`` console script: a thin layer over Django management commands.

``convenor <command> [options]`` runs the management command of that name
(``convenor worker`` is django-tasks' ``db_worker`` made to recover stopped jobs,
in ``convenor/front/management/commands/worker.py``), so the CLI, the pages and
the API share the same service functions. ``convenor --help`` lists them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Shown by `convenor --help`, in this order; each maps to a management command.
COMMANDS = {
    "demo": "demo",
    "serve": "serve",
    "worker": "worker",
    "createuser": "createuser",
    "token": "token",
    "qcew": "qcew",
    "analyze": "analyze",
    "occupations": "occupations",
    "migrate": "migrate",
    "check": "check",
}


# Commands that need no database: run without booting Django (see _engine_command).
ENGINE_COMMANDS = ("qcew", "analyze", "occupations")


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convenor.settings")
    import django

    django.setup()


def _help() -> str:
    from django.core.management import get_commands, load_command_class

    commands = get_commands()
    lines = [
        "usage: convenor <command> [options]",
        "",
        "Convenor: a workbench for convening industry sector partnerships.",
        "",
        "commands:",
    ]
    for name, target in COMMANDS.items():
        app = commands.get(target)
        if app is None:
            continue
        summary = (load_command_class(app, target).help or "").strip().splitlines()[0]
        lines.append(f"  {name:<12} {summary}")
    lines += [
        "",
        "Run `convenor <command> --help` for a command's options.",
        "Settings come from the environment: CONVENOR_DATA_DIR, DATABASE_URL, SECRET_KEY, "
        "DEBUG, ALLOWED_HOSTS, PORT (see README).",
    ]
    return "\n".join(lines)


def _data_dir() -> Path:
    # As convenor.settings puts it, without importing Django.
    return Path(os.environ.get("CONVENOR_DATA_DIR", str(Path.cwd() / "var"))).resolve()


def _engine_command(args: list[str]) -> int | None:
    """Run an analysis-engine command without Django (no database: start-up time).

    The management commands of the same names are thin wrappers that pass
    the same settings; they stay for ``manage.py`` and ``call_command``.
    """
    name, rest = args[0], args[1:]
    if name == "qcew":
        from convenor.analysis.cli import qcew_main

        return qcew_main(rest)
    if name == "analyze":
        from convenor.analysis.analyze_cli import analyze_main

        return analyze_main(rest)
    if name == "occupations":
        from convenor.analysis.occupations.cli import main as occupations_main

        data = _data_dir()
        labour = os.environ.get("CONVENOR_LABOUR_DIR", str(data / "labour"))
        qcew = os.environ.get("CONVENOR_QCEW_DIR", str(data / "qcew"))
        return occupations_main(rest, labour_dir=labour, qcew_dir=qcew)
    return None


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ENGINE_COMMANDS:
        try:
            code = _engine_command(args)
        except SystemExit as exc:  # argparse's --help and usage errors
            return int(exc.code or 0) if isinstance(exc.code, int | None) else 1
        if code is not None:
            return code
    _setup()
    if not args or (args[0] in {"-h", "--help", "help"} and len(args) == 1):
        print(_help())
        return 0
    if args[0] == "--version":
        from importlib.metadata import version

        print(f"convenor {version('convenor')}")
        return 0
    from django.core.management import ManagementUtility

    name = COMMANDS.get(args[0], args[0])
    utility = ManagementUtility(["convenor", name, *args[1:]])
    try:
        utility.execute()
    except SystemExit as exc:
        return int(exc.code or 0) if isinstance(exc.code, int | None) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
