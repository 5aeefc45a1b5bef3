"""Layout on a phone (390 px) and a laptop (1366 px): the pages a partner uses fit the
screen without scrolling sideways, their content starts on the first screen, and the
partnership's navigation groups its pages by the toolkit's phases and shows where you are.

The browser test builds the whole demo (convenor/<app>/demo.py), signs in as its partner
and its staff member, and saves a screenshot of every page visited under pytest's
temporary directory (kept as artifacts, not compared).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from convenor.workspaces import context_processors as nav
from convenor.workspaces.context_processors import PHASE_OF, partnership_phases
from tests.browser.pages import LAPTOP, PHONE, Visit, demo_world, fit_problems, signed_in


def _partner_pages(ctx) -> list[Visit]:
    from convenor.meetings.models import Meeting
    from convenor.planning.models import PrioritisationRound

    p = ctx.partnership
    open_round = PrioritisationRound.objects.filter(partnership=p, status="open").first()
    assert open_round is not None, "the demo has an open prioritisation round"
    meetings = list(Meeting.objects.filter(partnership=p).order_by("starts_at"))
    held = [m for m in meetings if m.starts_at < timezone.now()]
    assert held and len(held) < len(meetings), "the demo has held and upcoming meetings"
    visits = [
        Visit(
            "ballot",
            reverse("planning:round", args=[p.pk, open_round.pk]),
            "Meet",
            "Priorities",
        ),
        Visit("my-actions", reverse("meetings:my-actions", args=[ctx.workspace.slug])),
        Visit(
            "hiring-projections", reverse("planning:demand", args=[p.pk]), "Plan", "Employer demand"
        ),
        Visit("action-plan", reverse("planning:goals", args=[p.pk]), "Plan", "Plan"),
        Visit("overview", reverse("partnerships:detail", args=[p.pk]), "", "Overview"),
    ]
    for m in meetings:
        visits.append(Visit(f"meeting-{m.pk}", m.get_absolute_url(), "Meet", "Meetings"))
    for m in held:
        visits.append(
            Visit(
                f"minutes-{m.pk}",
                reverse("meetings:minutes", args=[p.pk, m.pk]),
                "Meet",
                "Meetings",
            )
        )
    return visits


def _staff_pages(ctx) -> list[Visit]:
    p = ctx.partnership
    return [
        *_partner_pages(ctx),
        Visit("outreach", reverse("outreach:touches", args=[p.pk]), "Engage", "Outreach"),
        Visit("issues", reverse("planning:issues", args=[p.pk]), "Plan", "Plan"),
    ]


def _check(page, visit: Visit, viewport: dict, shots: Path, who: str) -> list[str]:
    """What is wrong with one page at one size (empty when it is right)."""
    response = page.goto(visit.url)
    assert response is not None
    where = f"{who} {visit.name} at {viewport['width']} px ({visit.url})"
    if response.status != 200:
        return [f"{where}: HTTP {response.status}"]
    page.wait_for_load_state("load")
    page.screenshot(path=str(shots / f"{who}-{visit.name}-{viewport['width']}.png"), full_page=True)
    problems = fit_problems(page, where)
    if visit.tab:
        problems += _check_nav(page, visit, viewport, where)
    return problems


def _check_nav(page, visit: Visit, viewport: dict, where: str) -> list[str]:
    """The partnership navigation marks this page, under its phase."""
    navigation = page.get_by_role("navigation", name="Partnership")
    current = navigation.locator('a[aria-current="page"]')
    if viewport is PHONE:
        # Folded: its summary names the phase and the page; opened, it lists them.
        toggle = navigation.locator("summary")
        expected = visit.tab
        if visit.phase and visit.phase != visit.tab:
            expected = f"{visit.phase} \N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK} {visit.tab}"
        if expected not in toggle.inner_text():
            return [f"{where}: the folded navigation says {toggle.inner_text()!r}"]
        if current.is_visible():
            return [f"{where}: the navigation is not folded"]
        toggle.click()
        expect(current).to_be_visible()
    if current.inner_text().strip() != visit.tab:
        return [f"{where}: the navigation marks {current.inner_text()!r}"]
    if visit.phase:
        group = navigation.get_by_role("list", name=visit.phase, exact=True)
        if group.locator('a[aria-current="page"]').count() != 1:
            return [f"{where}: the current page is not under {visit.phase}"]
    return []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_partner_and_staff_pages_fit_a_phone_and_start_on_the_first_screen(
    browser, live_server, tmp_path_factory
):
    from convenor.front.demo import DEMO_PASSWORD
    from convenor.workspaces.models import Role

    ctx = demo_world()
    shots = tmp_path_factory.mktemp("layout-screenshots")
    problems: list[str] = []
    for role, visits in ((Role.PARTNER, _partner_pages(ctx)), (Role.STAFF, _staff_pages(ctx))):
        for viewport in (PHONE, LAPTOP):
            email = ctx.users[role].email
            with signed_in(browser, live_server.url, email, DEMO_PASSWORD, viewport) as page:
                for visit in visits:
                    problems += _check(page, visit, viewport, shots, str(role))
    assert not problems, "\n".join(problems) + f"\n(screenshots in {shots})"


def test_every_mapped_tab_exists_and_an_unmapped_tab_still_shows():
    declared = {url_name for _label, url_name, _level in nav._nav("partnership_nav")}
    assert set(PHASE_OF) <= declared, f"mapped but not declared: {set(PHASE_OF) - declared}"
    overview, phases = partnership_phases(
        [*nav._nav("partnership_nav"), ("Brand new", "meetings:feeds", "view")],
        7,
        "/p/7/meetings/calendar/",
        "meetings:feeds",
    )
    assert overview is not None and overview.label == "Overview"
    more = phases[-1]
    assert (more.key, [t.label for t in more.tabs]) == ("more", ["Brand new"])
    assert more.current
    grouped = {t.url_name for phase in phases for t in phase.tabs} | {overview.url_name}
    assert grouped == declared | {"meetings:feeds"}
    assert [p.key for p in phases] == [
        "assess",
        "convene",
        "engage",
        "meet",
        "plan",
        "sustain",
        "more",
    ]


@pytest.mark.parametrize(
    ("path", "view_name", "current"),
    [
        ("/p/7/", "partnerships:detail", "Overview"),
        ("/p/7/meetings/3/minutes/", "meetings:minutes", "Meetings"),
        ("/p/7/plan/priorities/2/", "planning:round", "Priorities"),
        ("/p/7/plan/goals/", "planning:goals", "Plan"),
        ("/p/7/edit/", "partnerships:edit", None),
    ],
)
def test_the_current_tab_is_the_page_or_the_tab_it_lies_under(path, view_name, current):
    overview, phases = partnership_phases(nav._nav("partnership_nav"), 7, path, view_name)
    marked = [t.label for t in [overview, *(t for p in phases for t in p.tabs)] if t and t.current]
    assert marked == ([current] if current else [])
