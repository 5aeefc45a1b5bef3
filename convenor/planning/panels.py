"""The planning section of the partnership page: priorities and plan progress."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from convenor.lib.prepared import Prepared
from convenor.meetings.models import ActionStatus
from convenor.partnerships.models import Partnership
from convenor.planning.models import (
    Benchmark,
    Goal,
    Issue,
    IssueStatus,
    PrioritisationRound,
    RoundStatus,
)
from convenor.planning.plan.selectors import benchmark_progress

PANEL_ORDER = 60


# Built once per process (lib.prepared): every view of a partnership asks it.
_ISSUES = Prepared(
    lambda pid: Issue.objects.filter(partnership_id=pid).values("pk", "title", "status")
)


def partnership_panel(request: HttpRequest, partnership: Partnership) -> str | None:
    today = timezone.localdate()
    issues = _ISSUES(partnership.pk)
    done = Q(action_items__status=ActionStatus.DONE)
    late = Q(action_items__due_on__lt=today) & ~Q(
        action_items__status__in=[ActionStatus.DONE, ActionStatus.DROPPED]
    )
    counts = Goal.objects.filter(partnership=partnership).aggregate(
        goals=Count("pk", distinct=True),
        total=Count("action_items", distinct=True),
        done=Count("action_items", filter=done, distinct=True),
        overdue=Count("action_items", filter=late, distinct=True),
    )
    benchmarks = list(Benchmark.objects.filter(partnership=partnership).prefetch_related("results"))
    on_track = sum(1 for b in benchmarks if benchmark_progress(b, list(b.results.all())).on_track)
    membership = getattr(partnership, "membership", None)
    return render_to_string(
        "planning/panel.html",
        {
            "partnership": partnership,
            "priorities": sorted(
                (i for i in issues if i["status"] == IssueStatus.PRIORITISED),
                key=lambda i: i["title"].lower(),
            )[:5],
            "issue_count": len(issues),
            "open_round": PrioritisationRound.objects.filter(
                partnership=partnership, status=RoundStatus.OPEN
            ).first(),
            "is_partner": bool(membership and not membership.on_team),
            "goal_count": counts["goals"],
            "benchmark_count": len(benchmarks),
            "on_track": on_track,
            "steps_total": counts["total"],
            "steps_done": counts["done"],
            "steps_overdue": counts["overdue"],
        },
        request=request,
    )
