"""Conflict-of-interest findings about intermediary candidates and the convener (pure).

"A consideration often factored into the identification of an intermediary is
the potential for a conflict of interest that may directly impact the
decisions of a partnership. To avoid such conflicts, intermediaries are not
typically a single employer or a single training provider." (Step One)
"""

from __future__ import annotations

from dataclasses import dataclass

from convenor.lib.findings import Finding, Severity, by_severity

STEP_ONE = "Step One: Identify and Employ the Right Partnership Intermediary"
WHO_CONVENES = "Who Convenes Industry Sector Partnerships? (Maher & Maher)"
CONFLICT_REASON = (
    "a conflict of interest may directly impact the decisions of a partnership; to avoid such "
    "conflicts, intermediaries are not typically a single employer or a single training provider"
)


@dataclass(frozen=True)
class Subject:
    """An organisation that is (or may become) the intermediary."""

    name: str
    organisation_id: int | None
    kind: str  # intermediaries.models.Kind value
    category: str = ""  # partners Category of the organisation
    education_type: str = ""
    is_convener: bool = False  # convenes now (current convener term)
    status: str = "considering"  # candidate status; "convener" for a term without candidacy


@dataclass(frozen=True)
class Interest:
    declared_by: str
    organisation_id: int | None
    organisation_name: str
    kind: str  # label
    description: str
    active: bool = True


def suggested_kind(category: str, education_type: str = "", name: str = "") -> str:
    """The intermediary type an organisation's registry category suggests."""
    if category == "education":
        if education_type == "private_training":
            return "training_provider"
        if education_type == "college" or (not education_type and "college" in name.lower()):
            return "community_college"
        return "other"
    return {
        "employer": "single_employer",
        "association": "employer_organisation",
        "workforce_system": "workforce_board",
        "labor": "labor_management",
        "community": "community",
        "human_services": "community",
    }.get(category, "other")


def is_single_employer(s: Subject) -> bool:
    return s.kind == "single_employer" or s.category == "employer"


def is_single_training_provider(s: Subject) -> bool:
    return s.kind == "training_provider" or (
        s.category == "education" and s.education_type == "private_training"
    )


def _committed(s: Subject) -> bool:
    return s.is_convener or s.status == "selected"


def conflict_findings(subjects: list[Subject], interests: list[Interest]) -> list[Finding]:
    """Flags per candidate or convener: single employer, single training provider,
    workforce board (a natural fit with its own checks), college programs, and the
    declared interests that bear on choosing it."""
    findings: list[Finding] = []
    seen: set[tuple[str, int | None, str]] = set()
    for s in subjects:
        if s.status == "declined" and not s.is_convener:
            continue
        role = "convenes the partnership" if s.is_convener else "is a candidate intermediary"
        if is_single_employer(s):
            key = ("conflict.single_employer", s.organisation_id, s.name)
            if key not in seen:
                seen.add(key)
                findings.append(
                    Finding(
                        code="conflict.single_employer",
                        severity=Severity.CRITICAL if _committed(s) else Severity.WARNING,
                        reason=f"{s.name} {role} and is a single employer: {CONFLICT_REASON}.",
                        next_step="Prefer a neutral convener (an employer organisation such as a "
                        "chamber or trade association, a workforce board, a community college); if "
                        f"{s.name} keeps a role, record its declared interests and let the "
                        "employers together chart the course.",
                        source=STEP_ONE,
                        evidence={"organisation": s.name, "kind": s.kind},
                    )
                )
        elif is_single_training_provider(s):
            key = ("conflict.single_training_provider", s.organisation_id, s.name)
            if key not in seen:
                seen.add(key)
                findings.append(
                    Finding(
                        code="conflict.single_training_provider",
                        severity=Severity.CRITICAL if _committed(s) else Severity.WARNING,
                        reason=f"{s.name} {role} and is a single training provider: "
                        f"{CONFLICT_REASON}.",
                        next_step="Prefer a neutral convener; if this provider keeps a role, "
                        "record its declared interest and keep it out of decisions on which "
                        "training to fund or buy.",
                        source=STEP_ONE,
                        evidence={"organisation": s.name, "kind": s.kind},
                    )
                )
        elif s.kind == "workforce_board":
            key = ("conflict.workforce_board_fit", s.organisation_id, s.name)
            if key not in seen:
                seen.add(key)
                findings.append(
                    Finding(
                        code="conflict.workforce_board_fit",
                        severity=Severity.INFO,
                        reason=f"{s.name} is a workforce board: a natural fit to lead regional "
                        "planning and sector work (most of the key regional workforce players "
                        "around the table, stable funding, American Job Centers to connect "
                        "target sector businesses with pools of prepared workers).",
                        next_step="Its own checks: operate as a '3rd party' entity and hand the "
                        "leadership to industry partners once the partnership is convened "
                        "(employer-led); declare where its own programs and funding bear on a "
                        "decision; make sure its staff understand the industry's employer and "
                        "worker issues.",
                        source=WHO_CONVENES,
                        evidence={"organisation": s.name},
                    )
                )
        elif s.kind == "community_college":
            key = ("conflict.college_programs", s.organisation_id, s.name)
            if key not in seen:
                seen.add(key)
                findings.append(
                    Finding(
                        code="conflict.college_programs",
                        severity=Severity.INFO,
                        reason=f"{s.name} is a community college: it can act as an intermediary, "
                        "and it also runs training the partnership may choose.",
                        next_step="Record its interest in the training decisions as a declared "
                        "interest, so partners see it when they choose programs or providers.",
                        source=STEP_ONE,
                        evidence={"organisation": s.name},
                    )
                )
        for interest in interests:
            if not interest.active or interest.organisation_id is None:
                continue
            if interest.organisation_id != s.organisation_id:
                continue
            key = ("conflict.declared_interest", s.organisation_id, interest.declared_by)
            if key in seen:
                continue
            seen.add(key)
            findings.append(
                Finding(
                    code="conflict.declared_interest",
                    severity=Severity.WARNING,
                    reason=f"{interest.declared_by} declared an interest in {s.name} "
                    f"({interest.kind}): {interest.description}",
                    next_step=f"Share it with the partners before they decide on {s.name}; "
                    f"{interest.declared_by} should step aside from that decision.",
                    source=STEP_ONE,
                    evidence={"organisation": s.name, "declared_by": interest.declared_by},
                )
            )
    return by_severity(findings)


def interests_bearing_on(
    interests: list[Interest], organisation_ids: set[int | None]
) -> list[Interest]:
    """The active interests in any of the organisations a decision is about."""
    return [
        i
        for i in interests
        if i.active and i.organisation_id and i.organisation_id in organisation_ids
    ]
