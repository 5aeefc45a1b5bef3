"""The Content-Security-Policy holds in the browser (issue 16): no page of the demo, nor
the libraries it runs (vega-embed and its tooltip, Cytoscape, htmx, the API docs), does
anything the policy refuses: no inline script, no eval, no style attribute or <style>
element. Chromium reports each refusal as a ``securitypolicyviolation`` event; an init
script (Playwright's, outside the page's policy) records them before the page runs.

tests/test_follow_links.py checks the served HTML for the same without a browser; this
checks what scripts do once they run.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.browser.pages import LAPTOP, charts_drawn, demo_world, signed_in, team_key_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI || ''} ${e.sample || ''}`.trim());
});
"""


def test_no_page_or_library_does_what_the_policy_refuses(browser, live_server):
    from convenor.front.demo import DEMO_PASSWORD
    from convenor.workspaces.models import Role

    ctx = demo_world()
    visits = [(v.name, v.url) for v in team_key_pages(ctx)]
    visits += [
        ("network", reverse("partners:partnership-network", args=[ctx.partnership.pk])),
        ("api-docs", "/api/docs"),
    ]
    problems: list[str] = []
    email = ctx.users[Role.OWNER].email
    with signed_in(browser, live_server.url, email, DEMO_PASSWORD, LAPTOP) as page:
        page.context.add_init_script(RECORD)
        for name, url in visits:
            response = page.goto(url)
            assert response is not None and response.status == 200, (name, url)
            page.wait_for_load_state("networkidle")
            charts = charts_drawn(page)
            # A chart's tooltip is vega-tooltip's element: hovering a mark shows it.
            if charts:
                mark = page.locator(
                    ".vega-chart svg .mark-symbol path, .vega-chart svg .mark-rect path"
                )
                if mark.count():
                    mark.first.hover(force=True)
            problems += [f"{name} ({url}): {v}" for v in page.evaluate("window.__violations")]
    assert problems == []
