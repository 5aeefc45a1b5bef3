"""One answer to "how many employers raised this challenge", on every page and endpoint.

On the demo workspace, every page and API endpoint that shows the number of employers
raising a challenge shows what ``outreach.selectors.employers_by_challenge`` counts:
the challenges page and its API, the outreach panel of the partnership page, planning's
issues (page and API), the first-meeting template, and the readiness, guide and
self-check figures. A company tour logged against an employer organisation, with no
person, then counts as one more employer everywhere.

Planning's issues count by one more rule: an issue counts the employers of the touches
linked to it and of every touch coded with its challenge. So an issue coded with a
challenge and linked to nothing shows that challenge's count, and no issue shows fewer.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from convenor.accounts.models import User
from convenor.front.demo import DEMO_USERS
from convenor.lib.challenges import Challenge
from convenor.outreach import services as outreach
from convenor.outreach.models import Method
from convenor.outreach.selectors import challenge_counts, employers_by_challenge
from convenor.partners import services as partners
from convenor.partners.models import Category
from convenor.partnerships.models import Partnership
from convenor.workspaces.models import Role

CODE_OF = {label: code for code, label in Challenge.choices}


class Tables(HTMLParser):
    """The cell texts of every table of a page, by the table's id (or, without one, the
    ``aria-labelledby`` of the section around it)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._section = ""
        self._table: list[list[str]] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "section":
            self._section = a.get("aria-labelledby") or ""
        elif tag == "table":
            self._table = self.tables.setdefault(a.get("id") or self._section, [])
        elif tag == "tr" and self._table is not None:
            self._table.append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._table:
            self._table[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables(client: Client, url: str) -> dict[str, list[list[str]]]:
    response = client.get(url)
    assert response.status_code == 200, url
    parser = Tables()
    parser.feed(response.content.decode())
    return parser.tables


def by_label(rows: list[list[str]], column: int) -> dict[str, int]:
    """{challenge code: the number in ``column``} of a table whose first cell is the label
    (a badge may follow it: "Turnover shared across the industry")."""
    out = {}
    for row in rows[1:]:
        [code] = [c for label, c in CODE_OF.items() if row[0].startswith(label)]
        out[code] = int(row[column])
    return out


def api(client: Client, path: str) -> Any:
    response = client.get(f"/api/{path}")
    assert response.status_code == 200, path
    return response.json()


def shown(client: Client, p: Partnership) -> dict[str, dict[str, int]]:
    """Per page or endpoint: employers per challenge code, as it shows them."""
    pid = p.pk
    out = {
        "outreach challenges page": by_label(
            tables(client, reverse("outreach:challenges", kwargs={"partnership_id": pid}))[
                "challenge-counts"
            ],
            1,
        ),
        "partnership page, outreach panel": by_label(
            tables(client, reverse("partnerships:detail", kwargs={"partnership_id": pid}))[
                "panel-challenge-counts"
            ],
            1,
        ),
        "challenges-heard API": {
            c["challenge"]: c["employers"]
            for c in api(client, f"partnerships/{pid}/challenges-heard")
        },
        "first-meeting template API": {
            c["code"]: c["employers"]
            for c in api(client, f"partnerships/{pid}/first-meeting-template")["challenges"]
        },
        "planning issues page, challenges heard": by_label(
            tables(client, reverse("planning:issues", kwargs={"partnership_id": pid}))["heard"],
            1,
        ),
    }
    return out


def expected(p: Partnership) -> dict[str, int]:
    """Every challenge heard (also those no employer raised), with the one count."""
    counts = employers_by_challenge([p.pk])[p.pk]
    return {c.code: counts.get(c.code, 0) for c in challenge_counts(p)}


def assessment_figures(client: Client, p: Partnership) -> dict[str, int]:
    """What readiness and the guide say about challenges heard and shared."""
    readiness = {
        q["key"]: q["signal"]["evidence"]
        for q in api(client, f"partnerships/{p.pk}/readiness")["questions"]
    }
    [step] = [
        s
        for s in api(client, f"partnerships/{p.pk}/guide")["steps"]
        if s["key"] == "needs_assessment"
    ]
    [line] = [e for e in step["evidence"] if "heard from employers" in e]
    heard, shared = re.match(r"(\d+) challenges? heard from employers, (\d+) shared", line).groups()
    return {
        "readiness: challenge, shared challenges": readiness["challenge"]["shared_challenges"],
        "readiness: review_employers, challenges heard": readiness["review_employers"][
            "challenges_heard"
        ],
        "readiness: review_employers, shared": readiness["review_employers"]["shared"],
        "guide: challenges heard": int(heard),
        "guide: shared": int(shared),
    }


def expected_figures(counts: dict[str, int]) -> dict[str, int]:
    heard = sum(1 for n in counts.values() if n)
    shared = sum(1 for n in counts.values() if n >= 2)
    return {
        "readiness: challenge, shared challenges": shared,
        "readiness: review_employers, challenges heard": heard,
        "readiness: review_employers, shared": shared,
        "guide: challenges heard": heard,
        "guide: shared": shared,
    }


def issue_counts(client: Client, p: Partnership) -> dict[str, dict[int, int]]:
    """Employers per issue id, on the issues page and in the API."""
    listed = api(client, f"partnerships/{p.pk}/issues")
    ids = {i["title"]: i["id"] for i in listed}
    page = tables(client, reverse("planning:issues", kwargs={"partnership_id": p.pk}))
    return {
        "issues API": {i["id"]: i["employer_count"] for i in listed},
        "issues page": {ids[row[0]]: int(row[3]) for row in page["issue-list"][1:]},
    }


def check(client: Client, p: Partnership) -> dict[str, int]:
    """Every page and endpoint agrees with the one count; returns it."""
    counts = expected(p)
    assert counts, "the demo codes challenges in its touches"
    disagree = {name: got for name, got in shown(client, p).items() if got != counts}
    assert disagree == {}, f"expected {counts}"
    assert assessment_figures(client, p) == expected_figures(counts)

    issues = api(client, f"partnerships/{p.pk}/issues")
    per_issue = issue_counts(client, p)
    assert per_issue["issues page"] == per_issue["issues API"]
    for i in issues:
        if not i["touch_ids"]:  # coded with its challenge, nothing linked
            assert i["employer_count"] == counts.get(i["challenge"], 0), i["title"]
        else:  # its linked touches can only add employers
            assert i["employer_count"] >= counts.get(i["challenge"], 0), i["title"]

    # The self-check's "assuming needs" counts issues by the same per-issue number.
    by_issue = per_issue["issues API"].values()
    findings = {
        f["code"]: f["evidence"] for f in api(client, f"partnerships/{p.pk}/findings")["self_check"]
    }
    unheard = sum(1 for n in by_issue if n == 0)
    single = sum(1 for n in by_issue if n == 1)
    if unheard or single:
        evidence = findings["selfcheck.assuming_needs"]
        assert (evidence["unheard"], evidence["single_employer"]) == (unheard, single)
    else:
        assert "selfcheck.assuming_needs" not in findings
    return counts


def employers_reached(client: Client, p: Partnership) -> int:
    readiness = api(client, f"partnerships/{p.pk}/readiness")["questions"]
    [review] = [q for q in readiness if q["key"] == "review_employers"]
    return int(review["signal"]["evidence"]["employers"])


@pytest.fixture
def demo(db) -> tuple[Client, Partnership]:
    call_command("demo", "--no-serve", stdout=StringIO())
    owner = User.objects.get(email=DEMO_USERS[Role.OWNER][0])
    client = Client()
    client.force_login(owner)
    partnership = Partnership.objects.get(name="Central Ohio Advanced Manufacturing Partnership")
    return client, partnership


def test_every_page_and_endpoint_shows_the_same_employers_per_challenge(demo):
    client, p = demo
    before = check(client, p)
    # An issue for each challenge heard, linked to no touch: it shows the challenge's count.
    for code in before:
        created = client.post(
            f"/api/partnerships/{p.pk}/issues",
            {"title": f"Heard: {code}", "challenge": code},
            content_type="application/json",
        )
        assert created.status_code == 201
        assert created.json()["employer_count"] == before[code]
    assert check(client, p) == before


def test_a_partner_at_the_table_sees_the_same_counts(demo):
    client, p = demo
    counts = check(client, p)
    maria = Client()
    maria.force_login(User.objects.get(email=DEMO_USERS[Role.PARTNER][0]))
    disagree = {name: got for name, got in shown(maria, p).items() if got != counts}
    assert disagree == {}


def test_a_company_tour_of_an_employer_with_no_person_counts_everywhere(demo):
    client, p = demo
    before = check(client, p)
    reached = employers_reached(client, p)
    code = min((c for c, n in before.items() if n == 1), key=lambda c: c)  # one firm so far
    owner = User.objects.get(email=DEMO_USERS[Role.OWNER][0])
    plant = partners.organisation_create(
        actor=owner,
        workspace=p.workspace,
        name="Scioto Valley Castings",
        category=Category.EMPLOYER,
    )
    outreach.touch_create(
        actor=owner,
        partnership=p,
        occurred_on=dt.date.today(),
        method=Method.COMPANY_TOUR,
        organisations=[plant],
        challenges=[code],
    )
    after = check(client, p)
    assert after == {**before, code: 2}  # now shared across the industry, everywhere
    figures = assessment_figures(client, p)
    assert figures["guide: shared"] == expected_figures(before)["guide: shared"] + 1
    # ... and the plant is one more employer reached.
    assert employers_reached(client, p) == reached + 1
