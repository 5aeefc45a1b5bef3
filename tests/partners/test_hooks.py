"""The registry's events: sent when a person changes employer, an organisation changes
category or a person is deleted, so apps that derive data from the registry (outreach's
challenge index) keep it in step without partners importing them."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.dispatch import Signal

import convenor.partners
from convenor.partners import hooks, services
from convenor.partners.models import Category


@pytest.fixture
def heard() -> Iterator[list[tuple[str, dict[str, Any]]]]:
    events: list[tuple[str, dict[str, Any]]] = []
    signals: dict[str, Signal] = {
        "employer": hooks.on_person_employer_changed,
        "category": hooks.on_organisation_category_changed,
        "deleted": hooks.on_person_deleted,
    }
    receivers = {}  # signals hold receivers weakly: keep them alive for the test
    for name, signal in signals.items():

        def receiver(sender: Any, _name: str = name, **kwargs: Any) -> None:
            kwargs.pop("signal", None)
            events.append((_name, kwargs))

        receivers[name] = receiver
        signal.connect(receiver, dispatch_uid=f"test.{name}")
    yield events
    for name, signal in signals.items():
        signal.disconnect(dispatch_uid=f"test.{name}")


@pytest.fixture
def beta(workspace, alice):
    return services.organisation_create(
        actor=alice, workspace=workspace, name="Beta Plastics", category=Category.EMPLOYER
    )


def test_a_new_employer_is_announced_with_the_previous_one(alice, ada, acme, beta, heard):
    services.person_update(
        actor=alice, person=ada, changes={"organisation": beta}, expected_version=ada.version
    )
    [(name, event)] = heard
    assert name == "employer"
    assert event["person"].organisation_id == beta.pk
    assert event["previous_organisation_id"] == acme.pk


def test_an_edit_that_keeps_the_employer_announces_nothing(alice, ada, heard):
    services.person_update(
        actor=alice, person=ada, changes={"title": "Chair"}, expected_version=ada.version
    )
    assert heard == []


def test_a_change_of_category_is_announced(alice, acme, heard):
    services.organisation_update(
        actor=alice,
        organisation=acme,
        changes={"category": Category.ASSOCIATION, "naics_code": ""},
        expected_version=acme.version,
    )
    [(name, event)] = heard
    assert name == "category"
    assert event["organisation"].category == Category.ASSOCIATION
    assert event["previous_category"] == Category.EMPLOYER


def test_a_deleted_person_is_announced_with_the_employer_they_counted_for(
    alice, workspace, ada, acme, heard
):
    person_id = ada.pk
    services.person_delete(actor=alice, person=ada, expected_version=ada.version)
    assert heard == [
        (
            "deleted",
            {"person_id": person_id, "workspace_id": workspace.pk, "organisation_id": acme.pk},
        )
    ]


def test_a_failing_receiver_undoes_the_write(alice, ada, beta):
    def refuse(sender: Any, **kwargs: Any) -> None:
        raise RuntimeError("listener failed")

    hooks.on_person_employer_changed.connect(refuse, dispatch_uid="test.refuse")
    try:
        with pytest.raises(RuntimeError):
            services.person_update(
                actor=alice, person=ada, changes={"organisation": beta}, expected_version=None
            )
    finally:
        hooks.on_person_employer_changed.disconnect(dispatch_uid="test.refuse")
    ada.refresh_from_db()
    assert ada.organisation_id != beta.pk


# The registry's own modules: the pages and API of partners may read outreach's log,
# but the writes and rules must not call back into it.
REGISTRY_MODULES = (
    "services",
    "models",
    "mix",
    "network",
    "demo",
    "exports",
    "choices",
    "forms",
    "sides",
    "apps",
    "hooks",
)


def test_the_registrys_modules_import_no_outreach_code():
    root = Path(convenor.partners.__file__).parent
    found = []
    for name in REGISTRY_MODULES:
        tree = ast.parse((root / f"{name}.py").read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "convenor.outreach"
            ):
                found.append(f"{name}.py:{node.lineno}")
            elif isinstance(node, ast.Import):
                found += [
                    f"{name}.py:{node.lineno}"
                    for alias in node.names
                    if alias.name.startswith("convenor.outreach")
                ]
    assert found == []
