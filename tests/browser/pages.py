"""The key pages of the demo and what a browser test checks on each of them.

Shared by the browser tests that walk the app's pages (accessibility, layout): the
demo world they visit, the two screen sizes, and the checks run in the page
(horizontal overflow, where the content starts, charts drawn, axe-core).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.urls import reverse
from django.utils import timezone

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
FIRST_SCREEN = 400  # px: the main content's heading starts above this line

AXE = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"
# The impacts that fail a page: axe's "serious" and "critical".
BLOCKING = ("serious", "critical")


@dataclass
class Visit:
    name: str
    url: str
    phase: str = ""  # the phase the navigation shows for a partnership page
    tab: str = ""  # the partnership tab marked as current


def demo_world() -> Any:
    """The whole demo (every app's demo.py), as ``manage.py demo`` builds it."""
    from convenor.front.demo import demo_base
    from convenor.front.management.commands.demo import build_apps

    ctx = demo_base(reset=True)
    build_apps(ctx)
    return ctx


def partner_key_pages(ctx: Any) -> list[Visit]:
    """The partner's own views: the ballot of the open round and their action items."""
    from convenor.planning.models import PrioritisationRound

    p = ctx.partnership
    open_round = PrioritisationRound.objects.filter(partnership=p, status="open").first()
    assert open_round is not None, "the demo has an open prioritisation round"
    return [
        Visit("ballot", reverse("planning:round", args=[p.pk, open_round.pk])),
        Visit("my-actions", reverse("meetings:my-actions", args=[ctx.workspace.slug])),
    ]


def team_key_pages(ctx: Any) -> list[Visit]:
    """The pages a convener (the workspace's owner) works in most."""
    from convenor.meetings.models import Meeting
    from convenor.partners.models import Person

    p, slug = ctx.partnership, ctx.workspace.slug
    region = ctx.objects["regions"][0]
    person = Person.objects.filter(workspace=ctx.workspace).order_by("pk").first()
    assert person is not None, "the demo has people"
    held = (
        Meeting.objects.filter(partnership=p, starts_at__lt=timezone.now())
        .order_by("-starts_at")
        .first()
    )
    assert held is not None, "the demo has a held meeting"
    return [
        Visit("home", reverse("home")),
        Visit("regions", reverse("regions:list", args=[slug])),
        Visit("region-analysis", reverse("regions:analysis", args=[region.pk])),
        Visit("overview", reverse("partnerships:detail", args=[p.pk])),
        Visit("partners-registry", reverse("partners:organisations", args=[slug])),
        Visit("person", reverse("partners:person", args=[slug, person.pk])),
        Visit("pipeline", reverse("partners:board", args=[p.pk])),
        Visit("outreach", reverse("outreach:touches", args=[p.pk])),
        Visit("meetings", reverse("meetings:list", args=[p.pk])),
        Visit("meeting", held.get_absolute_url()),
        Visit("issues", reverse("planning:issues", args=[p.pk])),
        Visit("action-plan", reverse("planning:goals", args=[p.pk])),
        Visit("logic-model", reverse("planning:logic-model", args=[p.pk])),
        Visit("resources", reverse("planning:resources", args=[p.pk])),
        Visit("audit", reverse("audit:list", args=[slug])),
    ]


# Where the page's width and its h1 are, and the breadcrumb's items (to see one wrap).
MEASURE = """() => {
  const doc = document.documentElement;
  const main = document.querySelector('main');
  const heading = main.querySelector('h1') || main;
  const crumbs = [...document.querySelectorAll('nav[aria-label="breadcrumb"] li')]
    .filter(li => li.checkVisibility())
    .map(li => ({text: li.textContent.trim(), height: li.getBoundingClientRect().height,
                 line: parseFloat(getComputedStyle(li).lineHeight) || 24}));
  return {scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth,
          top: heading.getBoundingClientRect().top + window.scrollY, crumbs};
}"""


def fit_problems(page: Any, where: str) -> list[str]:
    """The page scrolls sideways, or its h1 starts below the first screen."""
    m = page.evaluate(MEASURE)
    problems = []
    if m["scrollWidth"] > m["clientWidth"]:
        problems.append(f"{where}: scrolls sideways ({m['scrollWidth']} > {m['clientWidth']} px)")
    if m["top"] > FIRST_SCREEN:
        problems.append(f"{where}: the h1 starts at {m['top']:.0f} px")
    for crumb in m["crumbs"]:
        if crumb["height"] > 1.6 * crumb["line"]:
            problems.append(f"{where}: the breadcrumb {crumb['text']!r} wraps")
    return problems


@contextlib.contextmanager
def signed_in(
    browser: Any, base_url: str, email: str, password: str, viewport: dict
) -> Iterator[Any]:
    """One browser context at ``viewport``, signed in as ``email``: its page, reused for
    every visit (one context per user and size keeps a walk of many pages fast)."""
    from playwright.sync_api import expect

    from tests.browser.conftest import sign_in

    context = browser.new_context(base_url=base_url, viewport=viewport)
    try:
        page = context.new_page()
        page.set_default_timeout(15000)
        sign_in(page, email, password)
        expect(page.get_by_role("link", name="Convenor", exact=True)).to_be_visible()
        yield page
    finally:
        context.close()


# Each chart's container, and how many marks vega drew in it (0 until it has drawn).
CHART_MARKS = """() => [...document.querySelectorAll('.vega-chart')].map(el => ({
  id: el.id,
  marks: el.querySelectorAll('svg .mark-rect path, svg .mark-symbol path, svg .mark-line path,'
    + ' svg .mark-area path, svg .mark-arc path, svg .mark-rule line, svg .mark-text text,'
    + ' svg .mark-shape path, svg .mark-trail path, svg .mark-image image').length,
}))"""

RUN_AXE = """async (impacts) => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.filter(v => impacts.includes(v.impact)).map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 5).map(n => n.target.join(' ')),
    count: v.nodes.length,
  }));
}"""


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated, not added as a <script>: the app's Content-Security-Policy refuses
        # inline scripts, and the test must not loosen it (bypass_csp) for the app.
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    return page.evaluate(RUN_AXE, list(BLOCKING))


def axe_problems(page: Any, where: str) -> list[str]:
    """axe's serious and critical violations, one line each with the first elements."""
    return [
        f"{where}: axe {v['impact']} {v['id']} ({v['count']}x): {v['help']}; "
        + " | ".join(v["targets"])
        for v in axe_violations(page)
    ]


def charts_drawn(page: Any, timeout_ms: int = 10000) -> list[dict[str, Any]]:
    """Every chart on the page with its number of marks, once all have drawn (or timed out)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    # A chart still empty after the wait is reported by the caller, by its id.
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            f"() => ({CHART_MARKS})().every(c => c.marks > 0)", timeout=timeout_ms
        )
    return page.evaluate(CHART_MARKS)


def check_page(page: Any, visit: Visit, viewport: dict, shots: Path, who: str) -> list[str]:
    """What is wrong with one key page at one size (empty when it is right)."""
    response = page.goto(visit.url)
    assert response is not None
    where = f"{who} {visit.name} at {viewport['width']} px ({visit.url})"
    if response.status != 200:
        return [f"{where}: HTTP {response.status}"]
    page.wait_for_load_state("load")
    problems = []
    for chart in charts_drawn(page):
        if chart["marks"] == 0:
            problems.append(f"{where}: the chart #{chart['id']} drew no marks")
    page.screenshot(path=str(shots / f"{who}-{visit.name}-{viewport['width']}.png"), full_page=True)
    return problems + fit_problems(page, where) + axe_problems(page, where)
