"""The demo workspace every app adds its demo data to (see ``manage.py demo``).

An app contributes by shipping ``<app>/demo.py`` with ``build(ctx: DemoContext)``;
apps run in INSTALLED_APPS order, so later apps find earlier apps' objects in
``ctx.objects``. Demo data is realistic: a workforce board convening a
manufacturing partnership in Central Ohio.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from convenor.accounts.models import User
from convenor.audit import services as audit
from convenor.partnerships.models import Partnership, Stage
from convenor.partnerships.services import partnership_create
from convenor.workspaces.models import Membership, Role, Workspace
from convenor.workspaces.services import workspace_create

DEMO_WORKSPACE = "Central Ohio Workforce Board (demo)"
DEMO_PASSWORD = "convenor-demo-2026"  # noqa: S105 - printed for the demo on purpose
DEMO_USERS = {
    Role.OWNER: ("dana.owner@demo.convenor.example", "Dana Whitfield"),
    Role.STAFF: ("sam.staff@demo.convenor.example", "Sam Okafor"),
    Role.PARTNER: ("maria.partner@demo.convenor.example", "Maria Lopez"),
    Role.VIEWER: ("vic.viewer@demo.convenor.example", "Vic Chen"),
}


@dataclass
class DemoContext:
    workspace: Workspace
    partnership: Partnership
    users: dict[Role, User]  # Role is a str enum: ctx.users["staff"] finds it too
    today: dt.date
    created: bool = True
    # Objects one app's demo makes for the next ones, by name (e.g. "people": [...]).
    objects: dict[str, Any] = field(default_factory=dict)

    @property
    def owner(self) -> User:
        return self.users[Role.OWNER]


def _user(email: str, name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, name=name)
    else:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def demo_base(*, reset: bool, stdout: Any = None) -> DemoContext:
    """The demo workspace, its four users and its partnership; built when missing."""
    users = {role: _user(*DEMO_USERS[role]) for role in Role}
    today = dt.date.today()
    workspace = Workspace.objects.filter(name=DEMO_WORKSPACE).first()
    if workspace and reset:
        workspace.delete()
        workspace = None
    if workspace is not None:
        partnership = Partnership.objects.filter(workspace=workspace).order_by("pk").first()
        if partnership is not None:
            return DemoContext(workspace, partnership, users, today, created=False)
        workspace.delete()  # a demo workspace without its partnership: build it again
    with transaction.atomic():
        owner = users[Role.OWNER]
        workspace = workspace_create(actor=owner, name=DEMO_WORKSPACE)
        partnership = partnership_create(
            actor=owner,
            workspace=workspace,
            name="Central Ohio Advanced Manufacturing Partnership",
            industry_naics="31-33",
            industry_title="Manufacturing",
            region="Central Ohio: Franklin, Delaware, Fairfield, Fayette, Hocking, Pickaway, "
            "Ross and Union counties",
            stage=Stage.CONVENING,
            mission=(
                "Employers, colleges and the workforce system of Central Ohio working together so "
                "that every manufacturer can hire and grow skilled production workers, and every "
                "resident can reach a manufacturing career with a future."
            ),
            started_on=today - dt.timedelta(days=120),
        )
        for role in (Role.STAFF, Role.PARTNER, Role.VIEWER):
            audit.create(
                actor=owner,
                instance=Membership(workspace=workspace, user=users[role], role=role),
                m2m={"partnerships": [partnership] if role == Role.PARTNER else []},
            )
    return DemoContext(workspace, partnership, users, today)
