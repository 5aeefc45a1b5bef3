"""Writes for the decision log.

``decision_create`` is called by other apps too (planning records a
prioritisation consensus as a decision; assessment a stage move; intermediaries
a convener change), so its signature is part of the spine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction

from convenor.audit import services as audit
from convenor.audit.models import AuditEntry
from convenor.meetings.models import PLAN_LINKS, Decision, Meeting
from convenor.meetings.services.checks import all_same_partnership, same_partnership
from convenor.partnerships.models import Partnership


def decision_create(
    *,
    actor: Any,
    partnership: Partnership,
    text: str,
    decided_on: dt.date,
    decided_by: str = "",
    meeting: Meeting | None = None,
    touch: Any = None,
    issues: Iterable[Any] = (),
    goals: Iterable[Any] = (),
) -> Decision:
    """Record a decision in the partnership's decision log.

    ``issues`` and ``goals`` (planning objects) say what the decision changed;
    they must belong to the same partnership.
    """
    issues, goals = list(issues), list(goals)
    same_partnership(partnership, meeting=meeting, touch=touch)
    all_same_partnership(partnership, "issues", issues)
    all_same_partnership(partnership, "goals", goals)
    if not text.strip():
        raise ValidationError({"text": "Write what was decided."})
    m2m = {name: values for name, values in (("issues", issues), ("goals", goals)) if values}
    decision = Decision(
        workspace_id=partnership.workspace_id,
        partnership=partnership,
        text=text.strip(),
        decided_on=decided_on,
        decided_by=decided_by.strip(),
        meeting=meeting,
        touch=touch,
    )
    audit.create(actor=actor, instance=decision, m2m=m2m)
    return decision


def decision_update(
    *,
    actor: Any,
    decision: Decision,
    changes: dict[str, Any],
    expected_version: int | None,
) -> Decision:
    changes = dict(changes)
    links = {name: list(changes.pop(name)) for name in PLAN_LINKS if name in changes}
    unknown = set(changes) - {"text", "decided_on", "decided_by", "meeting", "touch"}
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    partnership = decision.partnership
    same_partnership(partnership, meeting=changes.get("meeting"), touch=changes.get("touch"))
    for name, values in links.items():
        all_same_partnership(partnership, name, values)
    if "text" in changes:
        changes["text"] = changes["text"].strip()
        if not changes["text"]:
            raise ValidationError({"text": "Write what was decided."})
    with transaction.atomic():
        saved = cast(
            Decision,
            audit.update(
                actor=actor, instance=decision, changes=changes, expected_version=expected_version
            ),
        )
        for name, values in links.items():
            related = getattr(saved, name)  # one of PLAN_LINKS
            before = {o.pk for o in related.all()}
            if before != {o.pk for o in values}:
                related.set(values)
                audit.record(
                    actor=actor,
                    instance=saved,
                    action=AuditEntry.Action.UPDATE,
                    changes={name: [sorted(before), sorted(o.pk for o in values)]},
                    note=f"{name} linked",
                )
    return saved


def decision_delete(*, actor: Any, decision: Decision, expected_version: int | None = None) -> None:
    audit.delete(actor=actor, instance=decision, expected_version=expected_version)
