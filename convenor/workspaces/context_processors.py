from __future__ import annotations

from typing import Any

from django.apps import apps
from django.http import HttpRequest

from convenor.workspaces.access import memberships_of
from convenor.workspaces.models import Access


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
    AppConfig: ``(label, url name, level)`` with level view|team|contribute|edit|manage
    (an ``Access`` value; ``team`` is every role but partner: the convener's working views).
    """
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False):
        return {}
    current = request.current_membership if hasattr(request, "current_membership") else None
    is_partner = bool(current and not current.on_team)
    return {
        "current_membership": current,
        "all_memberships": sorted(
            memberships_of(user).values(), key=lambda m: m.workspace.name.lower()
        ),
        # Everyday pages first, the owner's pages (members, audit) last.
        "workspace_nav": [
            (name, url_name)
            for name, url_name, need in sorted(_nav("workspace_nav"), key=_owner_pages_last)
            if current
            and current.allows(Access(need))
            # Workspace-wide pages refuse partners, but for their own contributions.
            and (not is_partner or need == Access.CONTRIBUTE.value)
        ],
        # (label, url name, level); level "team" hides a page from partner-role members.
        "partnership_nav": _nav("partnership_nav"),
    }
