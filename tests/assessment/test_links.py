from __future__ import annotations

import pytest

from convenor.assessment.links import TARGETS, link


def test_a_step_without_a_target_has_no_link(partnership):
    assert link("", partnership) == ""


def test_an_unknown_target_is_an_error_not_a_missing_link(partnership):
    with pytest.raises(KeyError):
        link("nowhere", partnership)


def test_this_issues_targets_always_resolve(partnership):
    assert link("candidate-new", partnership) == (
        f"/p/{partnership.pk}/intermediary/candidates/new/"
    )
    assert link("health", partnership) == f"/p/{partnership.pk}/health/"
    assert link("analysis", partnership) == f"/w/{partnership.workspace.slug}/regions/"


def test_every_target_links_to_a_page_that_opens_for_the_owner(client_for, alice, partnership):
    client = client_for(alice)
    failures = []
    for target in TARGETS:
        url = link(target, partnership)  # a renamed page raises NoReverseMatch here
        if not url:
            failures.append(f"{target}: no link")
        elif (status := client.get(url).status_code) >= 400:
            failures.append(f"{target}: {url} answered {status}")
    assert failures == []
