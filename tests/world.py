"""A workspace with one object of every kind, for tests that walk every route.

Each app adds its objects in ``tests/<app>/world.py`` with ``build(world)``,
setting ``world.kwargs[<url kwarg or API path parameter>] = value``. The
route-walking tenancy test fails when a route has a parameter nobody set, so a
new route cannot go untested. Objects are built in ``world.partnership``,
which is NOT shared with the partner-role user ``world.pat``.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from convenor.accounts.models import User
from convenor.partnerships.models import Partnership
from convenor.partnerships.services import partnership_create
from convenor.workspaces.models import Role, Workspace
from convenor.workspaces.services import workspace_create


@dataclass
class World:
    workspace: Workspace
    partnership: Partnership
    shared_partnership: Partnership  # the one shared with pat
    owner: User
    staff: User
    pat: User
    viewer: User
    outsider: User
    kwargs: dict[str, Any] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)


def _builders() -> list[Any]:
    tests_dir = Path(__file__).parent
    modules = []
    for info in sorted(pkgutil.iter_modules([str(tests_dir)]), key=lambda i: i.name):
        if info.ispkg and (tests_dir / info.name / "world.py").exists():
            modules.append(importlib.import_module(f"tests.{info.name}.world"))
    # Foundation first: later apps build on the workspace's own objects.
    modules.sort(key=lambda m: getattr(m, "ORDER", 50))
    return modules


def build_world() -> World:
    from tests.conftest import add_member, make_user

    owner = make_user("owner@world.example", "World Owner")
    workspace = workspace_create(actor=owner, name="World Workforce Board")
    partnership = partnership_create(
        actor=owner,
        workspace=workspace,
        name="World Manufacturing Partnership",
        industry_naics="31-33",
        industry_title="Manufacturing",
    )
    shared = partnership_create(
        actor=owner, workspace=workspace, name="Shared Healthcare Partnership"
    )
    staff = make_user("staff@world.example", "World Staff")
    add_member(workspace, staff, Role.STAFF)
    pat = make_user("pat@world.example", "World Partner")
    add_member(workspace, pat, Role.PARTNER, partnerships=[shared])
    viewer = make_user("viewer@world.example", "World Viewer")
    add_member(workspace, viewer, Role.VIEWER)
    outsider = make_user("outsider@elsewhere.example", "Outsider")
    workspace_create(actor=outsider, name="Elsewhere Board")
    world = World(workspace, partnership, shared, owner, staff, pat, viewer, outsider)
    for module in _builders():
        module.build(world)
    return world
