"""Demo: the real labour-market files (BLS OEWS and Employment Projections, the NCES CIP-SOC
crosswalk, Census ACS for Ohio's counties) loaded into the installation's labour store,
the training programs of the demo's education and training partners, and the
manufacturing partnership's occupation analysis saved and cited as evidence for its
skills-gap and retirement issues.

The files are those the occupation tests read (``tests/occupations/data``, provenance in
its README), in a source checkout; without them the demo says so and leaves occupations
empty rather than invent figures.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings

from convenor.analysis.occupations.ingest import ingest
from convenor.front.demo import DemoContext
from convenor.lib.challenges import Challenge
from convenor.occupations import labour, selectors, services
from convenor.occupations.models import TrainingProgram
from convenor.partners.models import Organisation
from convenor.planning.models import Issue

DATA = Path(__file__).resolve().parents[2] / "tests" / "occupations" / "data"
FILES = (
    "oews/natsector_M2024_dl.sectors-31-33-54-62.xlsx",
    "oews/national_M2025_dl.xlsx",
    "oews/derived",  # Columbus MSA, Ohio and U.S. wages, May 2025 (time-series layout)
    "ep/2024-34/occupation.xlsx",
    "cip/CIP2020_SOC2018_Crosswalk.xlsx",
    "cip/CIPCode2020.csv.gz",
    "acs/ACSDT5Y2024.B15003",
    "acs/ACSDT5Y2024.B23025",
)
# provider, program, CIP 2020, award level, completers, capacity, next cohort (days ahead)
PROGRAMS = [
    ("Columbus State Community College", "Machining and Manufacturing Technology AAS",
     "48.0501", "associate", 28, None, 40),
    ("Columbus State Community College", "Industrial Maintenance Technology certificate",
     "47.0303", "certificate", 18, None, 40),
    ("Columbus State Community College", "Quality Assurance Technology certificate",
     "15.0702", "certificate", 9, None, 100),
    ("Delaware Area Career Center", "Precision Machining (adult evening program)",
     "48.0501", "certificate", None, 24, 25),
    ("Central Ohio Welding Institute", "Combination Welding",
     "48.0508", "certificate", 60, None, 14),
    ("Central Ohio Machinists Union Local 55", "Registered machinist apprenticeship",
     "48.0501", "apprenticeship", 8, None, 120),
]  # fmt: skip
NOTE = (
    "Saved for the steering committee: the region's estimated machinist and maintenance "
    "jobs, their openings against the colleges' completers, and what the figures say about "
    "the skills gap and retirements employers raised."
)


def build(ctx: DemoContext) -> None:
    if not DATA.is_dir():
        print(f"  occupations: {DATA} not found (a source checkout has it); none loaded")
        return
    ingest([DATA / f for f in FILES], Path(settings.LABOUR_DIR))
    labour.clear_cache()
    p, owner = ctx.partnership, ctx.owner
    if not TrainingProgram.objects.filter(partnership=p).exists():
        by_name = {o.name: o for o in Organisation.objects.filter(workspace=ctx.workspace)}
        for provider, name, cip, award, completers, capacity, days in PROGRAMS:
            if provider not in by_name:
                continue
            services.program_create(
                actor=owner,
                partnership=p,
                organisation=by_name[provider],
                name=name,
                cip_code=cip,
                award_level=award,
                completers=completers,
                capacity=capacity,
                next_cohort_start=ctx.today + dt.timedelta(days=days),
            )
    target = labour.partnership_target(p)
    if target.request is None:  # no "why this industry" record: nothing to analyse
        return
    found = selectors.study(p, labour.analyze(ctx.workspace, target.request))
    snapshot = services.snapshot_create(
        actor=owner,
        partnership=p,
        request=target.request,
        analysis=found.analysis,
        gap=found.gap,
        evidence=found.evidence,
        region=target.snapshot.region if target.snapshot else None,
        note=NOTE,
    )
    for issue in Issue.objects.filter(
        partnership=p, challenge__in=[Challenge.SKILLS_GAP, Challenge.RETIREMENT]
    ):
        services.evidence_attach(actor=owner, snapshot=snapshot, issue=issue)
    ctx.objects["occupation_snapshot"] = snapshot
