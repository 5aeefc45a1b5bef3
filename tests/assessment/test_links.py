from __future__ import annotations

from convenor.assessment.links import TARGETS, link


def test_an_unknown_target_has_no_link(partnership):
    assert link("nowhere", partnership) == ""
    assert link("", partnership) == ""


def test_this_issues_targets_always_resolve(partnership):
    assert link("candidate-new", partnership) == (
        f"/p/{partnership.pk}/intermediary/candidates/new/"
    )
    assert link("health", partnership) == f"/p/{partnership.pk}/health/"


def test_every_linked_page_opens_for_the_owner(client_for, alice, partnership):
    client = client_for(alice)
    failures = []
    for target in TARGETS:
        url = link(target, partnership)
        if url and client.get(url).status_code >= 400:
            failures.append(f"{target}: {url}")
    assert failures == []
