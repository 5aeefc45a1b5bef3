"""Where each next action is done: logical targets resolved to URLs, when they exist.

Other apps' pages are built at the same time as this one, so their URL names
are tried in order and a target whose pages do not exist yet gets no link.
"""

from __future__ import annotations

from functools import cache

from django.urls import NoReverseMatch, reverse

from convenor.partnerships.models import Partnership

TARGETS: dict[str, tuple[str, ...]] = {
    "edit": ("partnerships:edit",),
    "analysis": ("regions:list", "regions:why"),
    "why": ("regions:why",),
    "intermediary": ("intermediaries:home",),
    "candidate-new": ("intermediaries:candidate-new",),
    "convener-change": ("intermediaries:convener-change",),
    "members": ("partners:members", "partners:board"),
    "mix": ("partners:members", "partners:board"),
    "touches": ("outreach:touches",),
    "touch-new": ("outreach:touch-create", "outreach:touches"),
    "meetings": ("meetings:list",),
    "meeting-new": ("meetings:create", "meetings:list"),
    "decisions": ("meetings:decisions",),
    "actions": ("meetings:actions",),
    "issues": ("planning:issues", "planning:overview"),
    "prioritise": ("planning:rounds", "planning:issues"),
    "problem-statements": ("planning:issues", "planning:overview"),
    "direction": ("planning:direction", "partnerships:edit"),
    "plan": ("planning:goals", "planning:overview"),
    "resource-map": ("planning:resources",),
    "readiness": ("assessment:readiness",),
    "lifecycle": ("assessment:lifecycle",),
    "health": ("assessment:health",),
    "selfcheck": ("assessment:selfcheck",),
    "timeline": ("assessment:timeline",),
}


@cache
def _resolver(target: str) -> tuple[str, str] | None:
    """(url name, kwarg) of the first name that reverses, cached per process."""
    for name in TARGETS.get(target, ()):
        for kwarg, sample in (("partnership_id", 1), ("slug", "x")):
            try:
                reverse(name, kwargs={kwarg: sample})
            except NoReverseMatch:
                continue
            return name, kwarg
    return None


def link(target: str, partnership: Partnership) -> str:
    """The URL of ``target`` for this partnership, or "" when that page does not exist yet."""
    found = _resolver(target) if target else None
    if found is None:
        return ""
    name, kwarg = found
    value = partnership.pk if kwarg == "partnership_id" else partnership.workspace.slug
    return reverse(name, kwargs={kwarg: value})
