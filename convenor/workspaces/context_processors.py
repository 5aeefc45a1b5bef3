from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from convenor.workspaces.access import memberships_of
from convenor.workspaces.models import Access

# The toolkit's phases, in the order a partnership goes through them; the partnership's
# tabs are grouped under these in the navigation.
PHASES: list[tuple[str, str]] = [
    ("assess", "Assess"),
    ("convene", "Convene"),
    ("engage", "Engage"),
    ("meet", "Meet"),
    ("plan", "Plan"),
    ("sustain", "Sustain"),
]
# A tab whose URL name is not mapped below still shows, under this group: a new tab
# is never lost, it only waits for its phase.
OTHER_PHASE = ("more", "More")
# The page every partnership link leads to first: shown above the phases, in none.
OVERVIEW = "partnerships:detail"

# The one place that says which phase each partnership tab (apps.py ``partnership_nav``)
# belongs to, by URL name.
PHASE_OF: dict[str, str] = {
    # Regional needs assessment: why this industry, and whether it is ready to convene.
    "regions:why": "assess",
    "assessment:readiness": "assess",
    # Choose the convener, find the right mix of partners.
    "intermediaries:home": "convene",
    "partners:members": "convene",
    # Engage and enlist: one-on-one outreach, recruitment, the pipeline, who knows whom.
    "outreach:touches": "engage",
    "outreach:recruitment": "engage",
    "partners:board": "engage",
    "partners:partnership-network": "engage",
    # Meet and learn: the meetings, what they decided and who does what; the first
    # meetings prioritise the issues (toolkit, step four).
    "meetings:list": "meet",
    "meetings:decisions": "meet",
    "meetings:actions": "meet",
    "planning:rounds": "meet",
    # Direction: the plan, the resources it draws on, the demand it answers.
    "planning:overview": "plan",
    "planning:resources": "plan",
    "planning:demand": "plan",
    "occupations:partnership": "plan",
    "occupations:programs": "plan",
    # Momentum: where the partnership is in its life cycle, how healthy it is, keeping
    # partners informed.
    "assessment:lifecycle": "sustain",
    "assessment:health": "sustain",
    "assessment:tensions": "sustain",
    "assessment:timeline": "sustain",
    "comms:updates": "sustain",
}


@dataclass
class Tab:
    label: str
    url_name: str
    level: str
    url: str = ""
    current: bool = False


@dataclass
class Phase:
    key: str
    label: str
    tabs: list[Tab] = field(default_factory=list)

    @property
    def current(self) -> bool:
        return any(tab.current for tab in self.tabs)


def _nav(attribute: str) -> list[tuple[str, str, str]]:
    entries: list[tuple[str, str, str]] = []
    for config in apps.get_app_configs():
        for entry in getattr(config, attribute, []):
            name, url_name, *rest = entry
            entries.append((name, url_name, rest[0] if rest else "view"))
    return entries


def _owner_pages_last(entry: tuple[str, str, str]) -> bool:
    return entry[2] == "manage"


def partnership_phases(
    entries: list[tuple[str, str, str]], partnership_id: int | None, path: str, view_name: str
) -> tuple[Tab | None, list[Phase]]:
    """The overview tab and the other tabs grouped by phase, the current page marked.

    The current tab is the one named by the view, else the tab whose address is the
    longest start of this page's (a meeting's page is under Meetings, a ballot under
    Priorities); the overview only when it is this page.
    """
    overview: Tab | None = None
    groups = {key: Phase(key, label) for key, label in [*PHASES, OTHER_PHASE]}
    tabs: list[Tab] = []
    for label, url_name, level in entries:
        tab = Tab(label, url_name, level)
        if partnership_id is not None:
            try:
                tab.url = reverse(url_name, args=[partnership_id])
            except NoReverseMatch:
                tab.url = ""
        tabs.append(tab)
        if url_name == OVERVIEW and overview is None:
            overview = tab
        else:
            groups[PHASE_OF.get(url_name, OTHER_PHASE[0])].tabs.append(tab)
    here = next((t for t in tabs if t.url_name == view_name), None)
    if here is None:
        under = [t for t in tabs if t.url and t is not overview and path.startswith(t.url)]
        here = max(under, key=lambda t: len(t.url), default=None)
    if here is not None:
        here.current = True
    return overview, [phase for phase in groups.values() if phase.tabs]


def _here(overview: Tab | None, phases: list[Phase]) -> tuple[str, str] | None:
    """Where you are, for the collapsed navigation: (phase, page); no phase for the overview
    or a page named as its phase."""
    if overview is not None and overview.current:
        return ("", overview.label)
    for phase in phases:
        for tab in phase.tabs:
            if tab.current:
                return ("" if tab.label == phase.label else phase.label, tab.label)
    return None


def workspace(request: HttpRequest) -> dict[str, Any]:
    """Navigation: the current workspace, the others to switch to, and each app's links.

    Apps add links by declaring ``workspace_nav`` / ``partnership_nav`` on their
    AppConfig: ``(label, url name, level)`` with level view|team|contribute|edit|manage
    (an ``Access`` value; ``team`` is every role but partner: the convener's working views).
    A partnership tab's phase is set in ``PHASE_OF`` above.
    """
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False):
        return {}
    # A page made of panels renders several templates with the request (the partnership
    # page: one per app); the navigation is the same for all of them: built once.
    built: dict[str, Any] | None = getattr(request, "_convenor_navigation", None)
    if built is None:
        built = _navigation(request, user)
        request._convenor_navigation = built  # type: ignore[attr-defined]
    return built


def _navigation(request: HttpRequest, user: Any) -> dict[str, Any]:
    current = request.current_membership if hasattr(request, "current_membership") else None
    is_partner = bool(current and not current.on_team)
    match = getattr(request, "resolver_match", None)
    partnership_id = match.kwargs.get("partnership_id") if match else None
    entries = _nav("partnership_nav")
    overview, phases = partnership_phases(
        entries, partnership_id, request.path, match.view_name if match else ""
    )
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
        "partnership_nav": entries,
        # The same tabs grouped by the toolkit's phases, with their addresses and the
        # current one marked (filled on a partnership's pages).
        "partnership_overview": overview,
        "partnership_phases": phases,
        "partnership_here": _here(overview, phases),
    }
