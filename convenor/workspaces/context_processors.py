from __future__ import annotations

from typing import Any

from django.apps import apps
from django.http import HttpRequest

from convenor.workspaces.access import memberships_of

_LEVELS = {"view": 1, "contribute": 2, "edit": 3, "manage": 4}


def _nav(attribute: str) -> list[tuple[str, str, str]]:
    entries: list[tuple[str, str, str]] = []
    for config in apps.get_app_configs():
        for entry in getattr(config, attribute, []):
            name, url_name, *rest = entry
            entries.append((name, url_name, rest[0] if rest else "view"))
    return entries


def _owner_pages_last(entry: tuple[str, str, str]) -> bool:
    return entry[2] == "manage"


def workspace(request: HttpRequest) -> dict[str, Any]:
    """Navigation: the current workspace, the others to switch to, and each app's links.

    Apps add links by declaring ``workspace_nav`` / ``partnership_nav`` on their
    AppConfig: ``(label, url name, level)`` with level view|contribute|edit|manage, or
    for partnership pages ``team`` (every role but partner: the convener's working views).
    """
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False):
        return {}
    current = request.current_membership if hasattr(request, "current_membership") else None
    level = _LEVELS.get(current.access.name.lower(), 0) if current else 0
    is_partner = bool(current and current.role == "partner")
    return {
        "current_membership": current,
        "all_memberships": sorted(
            memberships_of(user).values(), key=lambda m: m.workspace.name.lower()
        ),
        # Everyday pages first, the owner's pages (members, audit) last.
        "workspace_nav": [
            (name, url_name)
            for name, url_name, need in sorted(_nav("workspace_nav"), key=_owner_pages_last)
            if _LEVELS[need] <= level and (not is_partner or need == "contribute")
        ],
        # (label, url name, level); level "team" hides a page from partner-role members.
        "partnership_nav": _nav("partnership_nav"),
    }
