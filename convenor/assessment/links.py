"""Where each next action is done: the guide's logical targets, resolved to URLs.

Every target names one page of a sibling app. A renamed page fails here, loudly
(``NoReverseMatch``), and ``tests/assessment/test_links.py`` opens every target.
"""

from __future__ import annotations

from typing import Literal

from django.urls import reverse

from convenor.partnerships.models import Partnership

# target -> (URL name, what the URL takes: the partnership's id or its workspace's slug)
TARGETS: dict[str, tuple[str, Literal["partnership", "workspace"]]] = {
    "edit": ("partnerships:edit", "partnership"),
    "analysis": ("regions:list", "workspace"),
    "why": ("regions:why", "partnership"),
    "intermediary": ("intermediaries:home", "partnership"),
    "candidate-new": ("intermediaries:candidate-new", "partnership"),
    "convener-change": ("intermediaries:convener-change", "partnership"),
    "members": ("partners:members", "partnership"),
    "mix": ("partners:members", "partnership"),
    "touches": ("outreach:touches", "partnership"),
    "touch-new": ("outreach:touch-create", "partnership"),
    "meetings": ("meetings:list", "partnership"),
    "meeting-new": ("meetings:create", "partnership"),
    "decisions": ("meetings:decisions", "partnership"),
    "actions": ("meetings:actions", "partnership"),
    "issues": ("planning:issues", "partnership"),
    "prioritise": ("planning:rounds", "partnership"),
    "problem-statements": ("planning:issues", "partnership"),
    "direction": ("planning:direction", "partnership"),
    "plan": ("planning:goals", "partnership"),
    "resource-map": ("planning:resources", "partnership"),
    "readiness": ("assessment:readiness", "partnership"),
    "lifecycle": ("assessment:lifecycle", "partnership"),
    "health": ("assessment:health", "partnership"),
    "selfcheck": ("assessment:selfcheck", "partnership"),
    "timeline": ("assessment:timeline", "partnership"),
}


def link(target: str, partnership: Partnership) -> str:
    """The URL of ``target`` for this partnership; "" for no target (a step with nothing
    to open). An unknown target is a ``KeyError``."""
    if not target:
        return ""
    name, scope = TARGETS[target]
    if scope == "workspace":
        return reverse(name, kwargs={"slug": partnership.workspace.slug})
    return reverse(name, kwargs={"partnership_id": partnership.pk})
