"""Latency of the partner pages at the scale of issue 4, item 9, against a baseline.

Builds, in a throw-away data directory (SQLite, or the database in
``DATABASE_URL`` when set), a seeded workspace of 5,000 people, 2,000
organisations and 50,000 touches, and a small one of the same shape (50
people, 20 organisations, 500 touches). Each page is requested through
Django's test client at scale and in the small workspace, with the small
workspace's home page, turn about in the same loop: the machines are shared
and noisy, so a page is judged by its ratio to the baseline measured beside it,
not by its milliseconds. Printed per page: median and 95th percentile at scale
with the SQL queries per request, the same for the small workspace, and the
ratios (at scale / same page small; at scale / small workspace home).

    .venv/bin/python benchmarks/partners_scale.py            # 30 runs per page
    .venv/bin/python benchmarks/partners_scale.py --runs 100 --people 10000

Nothing is asserted: timings depend on the machine. The query counts are
pinned by ``tests/partners/test_scale.py``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path


def _setup(data_dir: Path) -> None:
    os.environ["CONVENOR_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convenor.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def _timed(client, url: str) -> float:
    start = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def _query_count(client, url: str) -> int:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()  # a request resets the log; start from an empty one
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)  # now: later requests clear the connection's log


def _meeting(owner, built) -> int:
    """A meeting of the first partnership: its page and forms pick people from the registry."""
    import datetime as dt

    from django.utils import timezone

    from convenor.meetings.services import meeting_create

    starts = timezone.now() + dt.timedelta(days=7)
    return meeting_create(
        actor=owner,
        partnership=built.partnerships[0],
        title="Quarterly partnership meeting",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        objective="Agree the first two priorities.",
    ).pk


def _pages(built, meeting_id: int) -> dict[str, str]:
    slug = built.workspace.slug
    ship = built.partnerships[0]
    person = built.busiest_person
    meeting = f"/p/{ship.pk}/meetings/{meeting_id}/"
    return {
        "partner list (organisations)": f"/w/{slug}/partners/?page=7",
        "partner list (people, search)": f"/w/{slug}/partners/people/?q=an&page=2",
        "person page (busiest person)": f"/w/{slug}/partners/people/{person.pk}/",
        "partnership page": f"/p/{ship.pk}/",
        "partnership members": f"/p/{ship.pk}/partners/",
        "pipeline board": f"/p/{ship.pk}/pipeline/",
        "outreach log": f"/p/{ship.pk}/outreach/?page=20",
        "challenges heard": f"/p/{ship.pk}/outreach/challenges/",
        "partnership network": f"/p/{ship.pk}/network/",
        # Three person fields (agenda owner, walk-in, action owner): bounded by the picker.
        "meeting page": meeting,
        "meeting form (invitees)": f"{meeting}edit/",
    }


def _summary(timings: list[float]) -> tuple[float, float]:
    return statistics.median(timings), _percentile(timings, 0.95)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="timed requests per page")
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--organisations", type=int, default=2000)
    parser.add_argument("--touches", type=int, default=50000)
    parser.add_argument("--small-people", type=int, default=50, help="baseline workspace")
    parser.add_argument("--small-organisations", type=int, default=20)
    parser.add_argument("--small-touches", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    args = parser.parse_args(argv)

    data_dir = Path(tempfile.mkdtemp(prefix="convenor-partners-bench-"))
    failed: list[tuple[str, str]] = []
    try:
        _setup(data_dir)
        from django.db import connection
        from django.test import Client

        from convenor.accounts.models import User
        from convenor.partners.scale import build_scale_workspace

        owner = User.objects.create_user(email="bench@example.org", password="x" * 12)
        started = time.perf_counter()
        built = build_scale_workspace(
            owner=owner,
            people=args.people,
            organisations=args.organisations,
            touches=args.touches,
            seed=args.seed,
        )
        print(
            f"Built {args.people:,} people, {args.organisations:,} organisations, "
            f"{args.touches:,} touches in {time.perf_counter() - started:.1f}s "
            f"({connection.vendor})"
        )
        small = build_scale_workspace(
            owner=owner,
            name="Small Baseline Workforce Board",
            people=args.small_people,
            organisations=args.small_organisations,
            touches=args.small_touches,
            members=min(30, args.small_people),
            relationships=min(30, args.small_people),
            seed=args.seed,
        )
        print(
            f"Baseline: {args.small_people:,} people, {args.small_organisations:,} "
            f"organisations, {args.small_touches:,} touches"
        )
        home = f"/w/{small.workspace.slug}/"
        client = Client()
        client.force_login(owner)
        for _ in range(2):
            _timed(client, home)

        rows = []
        home_timings: list[float] = []
        scale_pages = _pages(built, _meeting(owner, built))
        small_pages = _pages(small, _meeting(owner, small))
        for label, url in scale_pages.items():
            base_url = small_pages[label]
            try:
                for _ in range(2):  # warm caches
                    _timed(client, url)
                    _timed(client, base_url)
            except Exception as exc:  # report the page, measure the others
                failed.append((label, f"{type(exc).__name__}: {exc}"))
                continue
            counts = (_query_count(client, url), _query_count(client, base_url))
            at_scale, in_small = [], []
            for run in range(args.runs):
                # Turn about, the order alternating, so load on the machine hits all alike.
                order = [(at_scale, url), (in_small, base_url), (home_timings, home)]
                for timings, target in order if run % 2 == 0 else reversed(order):
                    timings.append(_timed(client, target))
            rows.append((label, _summary(at_scale), _summary(in_small), counts))

        # The partnership page carries every app's panel; this two on their own:
        rows.append(_panels(owner, built, small, args.runs, home_timings, client, home))

        home_median, home_p95 = _summary(home_timings)
        print(
            f"\nBaseline page: the small workspace's home, median {home_median:.1f} ms, "
            f"p95 {home_p95:.1f} ms ({len(home_timings)} requests, "
            f"{_query_count(client, home)} queries), measured in turn with the pages below."
        )
        print(
            f"\n{'page':<32} {'median ms':>9} {'p95 ms':>7} {'queries':>7}"
            f" | {'small med':>9} {'p95':>6} {'q':>3}"
            f" | {'x small':>7} {'x small':>7} {'x home':>7}"
        )
        print(
            f"{'':<32} {'':>9} {'':>7} {'':>7} | {'':>9} {'':>6} {'':>3} | {'median':>7} "
            f"{'p95':>7} {'median':>7}"
        )
        for label, (median, p95), (small_median, small_p95), (count, small_count) in rows:
            print(
                f"{label:<32} {median:>9.1f} {p95:>7.1f} {count:>7}"
                f" | {small_median:>9.1f} {small_p95:>6.1f} {small_count:>3}"
                f" | {median / small_median:>6.1f}x {p95 / small_p95:>6.1f}x"
                f" {median / home_median:>6.1f}x"
            )
        for label, reason in failed:
            print(f"{label:<32} not measured: {reason}")
    finally:
        if args.keep:
            print(f"\nData kept in {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)
    return 1 if failed else 0


def _panels(owner, built, small, runs: int, home_timings: list[float], client, home: str):
    """The partners and outreach panels of the partnership page, called directly."""
    from django.db import connection, reset_queries
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from convenor.outreach.panels import partnership_panel as outreach_panel
    from convenor.partners.panels import partnership_panel as partners_panel
    from convenor.partnerships.models import Partnership
    from convenor.workspaces.access import object_for

    request = RequestFactory().get("/")
    request.user = owner

    def run_panels(partnership) -> tuple[float, int]:
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            partners_panel(request, partnership)
            outreach_panel(request, partnership)
            elapsed = (time.perf_counter() - start) * 1000
        return elapsed, len(queries)

    ships = [
        object_for(owner, Partnership, pk=built.partnerships[0].pk),
        object_for(owner, Partnership, pk=small.partnerships[0].pk),
    ]
    timings: list[list[float]] = [[], []]
    counts = [0, 0]
    for run in range(runs + 2):
        for index in (0, 1) if run % 2 == 0 else (1, 0):
            elapsed, counts[index] = run_panels(ships[index])
            if run >= 2:  # the first two warm caches
                timings[index].append(elapsed)
        if run >= 2:
            home_timings.append(_timed(client, home))
    return (
        "  partners + outreach panels",
        _summary(timings[0]),
        _summary(timings[1]),
        (counts[0], counts[1]),
    )


if __name__ == "__main__":
    sys.exit(main())
