"""Issues and the plan: the chain issue -> problem statement -> goal -> benchmark ->
action step (meetings.ActionItem) -> decision (meetings.Decision), with the partnership's
direction, its resource map and pooled employer demand.

One module per subject (see ``planning/README.md``); every model is importable from
here, as ``from convenor.planning.models import Issue``, which is how other apps and the
migrations reach them.

Sources: "Step Four: Begin Meeting as Partners and Learn More" (prioritising issues,
problem statements, the logic model and action plan, mission, governance), "Every
Partnership Needs Direction and Connection" (root causes before solutions, past and
existing efforts) and "Every Initiative Needs a Way to Maintain Momentum and Energy"
(naming the effort, the resource map or program scan).

Fields marked ``SPINE`` are read by other apps (readiness, health); keep their names
and meaning.
"""

from convenor.planning.models.demand import (
    DISCLOSURE_RULE,
    MAX_SHARE_PERCENT,
    MIN_EMPLOYERS_FOR_TOTALS,
    SOC_PATTERN,
    HiringProjection,
    validate_soc,
)
from convenor.planning.models.direction import (
    CoordinatorFrom,
    Direction,
    GovernanceRole,
    LogicColumn,
    LogicModelEntry,
)
from convenor.planning.models.issues import (
    RATING_MAX,
    RATING_MIN,
    EffortKind,
    EvidenceKind,
    Issue,
    IssueEvidence,
    IssueStatus,
    PastEffort,
    PrioritisationRound,
    Rating,
    RoundStatus,
)
from convenor.planning.models.plan import (
    Benchmark,
    BenchmarkResult,
    Goal,
    ProblemStatement,
    Solution,
    SolutionStatus,
    StrategyCategory,
    WhyStep,
)
from convenor.planning.models.resources import (
    FundingSource,
    Resource,
    ResourceKind,
    ResourceMapVersion,
)

__all__ = [
    "DISCLOSURE_RULE",
    "MAX_SHARE_PERCENT",
    "MIN_EMPLOYERS_FOR_TOTALS",
    "RATING_MAX",
    "RATING_MIN",
    "SOC_PATTERN",
    "Benchmark",
    "BenchmarkResult",
    "CoordinatorFrom",
    "Direction",
    "EffortKind",
    "EvidenceKind",
    "FundingSource",
    "Goal",
    "GovernanceRole",
    "HiringProjection",
    "Issue",
    "IssueEvidence",
    "IssueStatus",
    "LogicColumn",
    "LogicModelEntry",
    "PastEffort",
    "PrioritisationRound",
    "ProblemStatement",
    "Rating",
    "Resource",
    "ResourceKind",
    "ResourceMapVersion",
    "RoundStatus",
    "Solution",
    "SolutionStatus",
    "StrategyCategory",
    "WhyStep",
    "validate_soc",
]
