"""Latency of the partner pages at the scale of issue 4, item 9.

Builds a seeded workspace of 5,000 people, 2,000 organisations and 50,000
touches in a throw-away data directory (SQLite, or the database in
``DATABASE_URL`` when set), then requests each page repeatedly through
Django's test client and prints the median and 95th-percentile latency with
the number of SQL queries per request.

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="timed requests per page")
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--organisations", type=int, default=2000)
    parser.add_argument("--touches", type=int, default=50000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    args = parser.parse_args(argv)

    data_dir = Path(tempfile.mkdtemp(prefix="convenor-partners-bench-"))
    try:
        _setup(data_dir)
        from django.db import connection, reset_queries
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

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
        slug = built.workspace.slug
        ship = built.partnerships[0]
        person = built.busiest_person
        pages = {
            "partner list (organisations)": f"/w/{slug}/partners/?page=7",
            "partner list (people, search)": f"/w/{slug}/partners/people/?q=an&page=2",
            "person page (2,000 touches)": f"/w/{slug}/partners/people/{person.pk}/",
            "partnership page": f"/p/{ship.pk}/",
            "partnership members": f"/p/{ship.pk}/partners/",
            "pipeline board": f"/p/{ship.pk}/pipeline/",
            "outreach log": f"/p/{ship.pk}/outreach/?page=20",
            "challenges heard": f"/p/{ship.pk}/outreach/challenges/",
            "partnership network": f"/p/{ship.pk}/network/",
        }
        client = Client()
        client.force_login(owner)
        print(f"\n{'page':<32} {'median ms':>10} {'p95 ms':>10} {'queries':>8}")
        for label, url in pages.items():
            for _ in range(2):  # warm caches
                assert client.get(url).status_code == 200, url
            timings = []
            reset_queries()  # a request resets the log; start from an empty one
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            count = len(queries)  # now: later requests clear the connection's log
            for _ in range(args.runs):
                start = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, url
            print(
                f"{label:<32} {statistics.median(timings):>10.1f} "
                f"{_percentile(timings, 0.95):>10.1f} {count:>8}"
            )
        # The partnership page carries every app's panel; this two on their own:
        from django.test import RequestFactory

        from convenor.outreach.panels import partnership_panel as outreach_panel
        from convenor.partners.panels import partnership_panel as partners_panel
        from convenor.partnerships.models import Partnership
        from convenor.workspaces.access import object_for

        request = RequestFactory().get("/")
        request.user = owner
        partnership = object_for(owner, Partnership, pk=ship.pk)
        timings = []
        for run in range(args.runs + 2):
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                partners_panel(request, partnership)
                outreach_panel(request, partnership)
                elapsed = (time.perf_counter() - start) * 1000
            if run >= 2:
                timings.append(elapsed)
        print(
            f"{'  partners + outreach panels':<32} {statistics.median(timings):>10.1f} "
            f"{_percentile(timings, 0.95):>10.1f} {len(queries):>8}"
        )
    finally:
        if args.keep:
            print(f"\nData kept in {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
