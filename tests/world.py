"""A workspace with one object of every kind in each of two partnerships, for the route walker.

Each app adds its objects in ``tests/<app>/world.py``:

* ``build_workspace(world)`` (optional), once: workspace-wide objects (the registry,
  regions, invitations), their parameters in ``world.kwargs``;
* ``build(world, partnership)``, once for ``world.partnership`` (NOT shared with the
  partner-role user ``world.pat``) and once for ``world.shared_partnership`` (shared
  with her); it sets the parameters of that partnership's objects in
  ``world.kwargs_for(partnership)`` under the same names both times.

The route-walking tenancy test fails when a route has a parameter nobody set, so a
new route cannot go untested. On the shared partnership it walks the routes that
take at least one of its parameters (``world.shared_kwargs``); the others (the
workspace's own pages) are the same URLs in both walks.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections import ChainMap
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
    # Workspace-wide parameters and those of ``partnership``.
    kwargs: dict[str, Any] = field(default_factory=dict)
    # The parameters of ``shared_partnership``'s objects, under the same names.
    shared_kwargs: dict[str, Any] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)
    shared_objects: dict[str, Any] = field(default_factory=dict)

    def kwargs_for(self, partnership: Partnership) -> dict[str, Any]:
        return self.shared_kwargs if partnership == self.shared_partnership else self.kwargs

    def objects_for(self, partnership: Partnership) -> dict[str, Any]:
        return self.shared_objects if partnership == self.shared_partnership else self.objects

    @property
    def shared_walk(self) -> ChainMap[str, Any]:
        """Every parameter for a walk of the shared partnership."""
        return ChainMap(self.shared_kwargs, self.kwargs)


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
    modules = _builders()
    for module in modules:
        if hasattr(module, "build_workspace"):
            module.build_workspace(world)
    for p in (partnership, shared):
        for module in modules:
            if hasattr(module, "build"):
                module.build(world, p)
    return world
