"""Occupations in the route-walking world: a labour store with the real national staffing
patterns, each partnership's "why this industry" record (Hocking County, manufacturing,
2020), a training program, a saved occupation analysis cited as evidence for its issue.

The shared partnership's program is pat's employer's (a registered apprenticeship), so
she may edit it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from convenor.analysis.request import AnalysisRequest
from convenor.occupations import labour, selectors, services
from convenor.planning.models import Issue
from convenor.regions import services as region_services
from convenor.regions.models import SavedRegion
from convenor.regions.selectors import run_analysis
from tests.occupations import stores
from tests.planning import factories

ORDER = 90  # after regions (the region) and planning (the issue, pat's organisation)
_analyses: dict[str, Any] = {}  # Hocking's 2020 analysis: the same file in every world


def _hocking(world, region: SavedRegion) -> Any:
    if "hocking" not in _analyses:
        _analyses["hocking"] = run_analysis(
            world.workspace, AnalysisRequest.parse(region.codes, 2020)
        )
    return _analyses["hocking"]


def build_workspace(world) -> None:
    stores.install(settings.LABOUR_DIR)


def build(world, partnership) -> None:
    p, actor = partnership, world.owner
    region = SavedRegion.objects.get(pk=world.kwargs["region_id"])
    analysis = _hocking(world, region)
    region_services.snapshot_create(
        actor=actor, partnership=p, analysis=analysis, industry_code="31-33", region=region
    )
    p.refresh_from_db()
    if p == world.shared_partnership:
        provider = world.objects["pat_organisation"]
    else:
        provider = factories.organisation(p, "World Technical College", category="education")
    program = services.program_create(
        actor=actor,
        partnership=p,
        organisation=provider,
        name="Machining apprenticeship",
        cip_code="48.0501",
        award_level="apprenticeship",
        completers=12,
    )
    target = labour.partnership_target(p)
    assert target.request is not None
    found = selectors.study(p, labour.analyze(world.workspace, target.request))
    snapshot = services.snapshot_create(
        actor=actor,
        partnership=p,
        request=target.request,
        analysis=found.analysis,
        gap=found.gap,
        evidence=found.evidence,
        region=region,
    )
    issue = Issue.objects.get(pk=world.kwargs_for(p)["issue_id"])
    link = services.evidence_attach(actor=actor, snapshot=snapshot, issue=issue)
    world.kwargs_for(p).update(
        program_id=program.pk,
        occupation_snapshot_id=snapshot.pk,
        occupation_evidence_id=link.pk,
    )
