"""Shared fixtures: one workspace with a member of every role, and an outsider.

The actors, as in every test file:
* alice, owner of "Acme Workforce Board"
* sam, staff there; pat, a partner (the partnership is shared with her); vic, a viewer
* olga, owner of another workspace: the outsider who must get nothing
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from django.test import Client

from convenor.accounts.models import User
from convenor.audit import services as audit
from convenor.partnerships.models import Partnership
from convenor.partnerships.services import partnership_create
from convenor.workspaces.models import Membership, Role, Workspace
from convenor.workspaces.services import workspace_create

PASSWORD = "correct horse battery staple"


def pytest_collection_modifyitems(config, items):
    """On the PostgreSQL run, run only the tests that touch the database."""
    if os.environ.get("CONVENOR_TEST_DB_ONLY") != "1":
        return
    db_fixtures = {"db", "transactional_db", "django_db_setup", "live_server"}
    keep, drop = [], []
    for item in items:
        uses_db = item.get_closest_marker("django_db") or db_fixtures & set(item.fixturenames)
        (keep if uses_db else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.QCEW_DIR = tmp_path / "qcew"
    settings.LABOUR_DIR = tmp_path / "labour"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_user(email: str, name: str = "") -> User:
    return User.objects.create_user(email=email, password=PASSWORD, name=name)


@pytest.fixture
def alice(db) -> User:
    return make_user("alice@acme.example", "Alice Owner")


@pytest.fixture
def workspace(alice) -> Workspace:
    return workspace_create(actor=alice, name="Acme Workforce Board")


@pytest.fixture
def partnership(workspace, alice) -> Partnership:
    return partnership_create(
        actor=alice,
        workspace=workspace,
        name="Healthcare Careers Council",
        industry_naics="62",
        industry_title="Health Care and Social Assistance",
        region="Franklin County, OH",
    )


def add_member(workspace: Workspace, user: User, role: str, partnerships=()) -> Membership:
    return audit.create(
        actor=None,
        instance=Membership(workspace=workspace, user=user, role=role),
        m2m={"partnerships": list(partnerships)},
    )


@pytest.fixture
def sam(workspace) -> User:
    user = make_user("sam@acme.example", "Sam Staff")
    add_member(workspace, user, Role.STAFF)
    return user


@pytest.fixture
def pat(workspace, partnership) -> User:
    user = make_user("pat@employer.example", "Pat Partner")
    add_member(workspace, user, Role.PARTNER, partnerships=[partnership])
    return user


@pytest.fixture
def vic(workspace) -> User:
    user = make_user("vic@acme.example", "Vic Viewer")
    add_member(workspace, user, Role.VIEWER)
    return user


@pytest.fixture
def olga(db) -> User:
    user = make_user("olga@other.example", "Olga Outsider")
    workspace_create(actor=user, name="Other Board")
    return user


@pytest.fixture
def client_for() -> Callable[[User], Client]:
    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make
