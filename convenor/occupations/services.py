"""Writes of occupations: training programs (one at a time or a whole spreadsheet), saved
occupation analyses, and the links that cite one as evidence for a challenge.

Every write goes through ``convenor.audit.services``. A CIP code is checked against the
loaded NCES crosswalk and CIP list when they are loaded (the gap table needs a code the
crosswalk knows); an import is all or nothing, and a refused one names every rejected
row with its field and value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from convenor.analysis.occupations.analyze import OccupationAnalysis
from convenor.analysis.occupations.readers.cip import cip_code
from convenor.analysis.occupations.supply import SupplyGap, award_level
from convenor.audit import services as audit
from convenor.lib.challenges import Challenge
from convenor.lib.words import counted
from convenor.occupations import labour
from convenor.occupations.labour import OccupationRequest
from convenor.occupations.models import (
    CIP_PATTERN,
    NOT_A_TRAINER,
    TRAINING_CATEGORIES,
    OccupationEvidence,
    OccupationSnapshot,
    TrainingProgram,
    data_can_speak_to,
)
from convenor.occupations.selectors import known_cip
from convenor.outreach.selectors import challenge_counts
from convenor.partners.models import Organisation
from convenor.partners.tabular import ImportFileError, read_table
from convenor.partnerships.models import Partnership
from convenor.planning.models import Issue
from convenor.regions.models import SavedRegion

PROGRAM_FIELDS = (
    "organisation",
    "name",
    "cip_code",
    "award_level",
    "completers",
    "capacity",
    "next_cohort_start",
)
# Rows of the critical occupations kept with a saved analysis (the industry snapshot keeps
# its ten best industries; the gap table keeps every occupation with supply or demand).
SAVED_ROWS = 25


# --- Programs ----------------------------------------------------------------------------


def _known_codes() -> dict[str, str] | None:
    """The loaded CIP codes, or ``None`` when no crosswalk or list is loaded (then only
    the form of a code is checked)."""
    if not labour.has_data():
        return None
    with labour.open_labour() as store:
        return known_cip(store) or None


def check_cip(value: str, known: dict[str, str] | None) -> str:
    """A CIP code as NCES writes it, or the one-line reason it is refused."""
    code = cip_code(value)
    if not CIP_PATTERN.match(code):
        raise ValueError(f"{value!r} is not a 6-digit CIP code (like 51.3801)")
    if known is not None and code not in known:
        raise ValueError(
            f"unknown CIP 2020 code {code}: not in the loaded NCES CIP list or CIP-SOC crosswalk"
        )
    return code


def _check_program(partnership: Partnership, fields: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    organisation = out.get("organisation")
    if organisation is not None:
        if organisation.workspace_id != partnership.workspace_id:
            raise ValidationError({"organisation": "That record belongs to another workspace."})
        if organisation.category not in TRAINING_CATEGORIES:
            raise ValidationError({"organisation": NOT_A_TRAINER.format(organisation=organisation)})
    if "cip_code" in out:
        try:
            out["cip_code"] = check_cip(str(out["cip_code"] or ""), _known_codes())
        except ValueError as exc:
            raise ValidationError({"cip_code": str(exc)}) from None
    if "name" in out:
        out["name"] = str(out["name"]).strip()
    return out


def program_create(*, actor: Any, partnership: Partnership, **fields: Any) -> TrainingProgram:
    unknown = set(fields) - set(PROGRAM_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    checked = _check_program(partnership, fields)
    program = TrainingProgram(
        workspace_id=partnership.workspace_id,
        partnership=partnership,
        entered_by=actor if getattr(actor, "is_authenticated", False) else None,
        **checked,
    )
    audit.create(actor=actor, instance=program)
    return program


def program_update(
    *,
    actor: Any,
    program: TrainingProgram,
    changes: Mapping[str, Any],
    expected_version: int | None,
) -> TrainingProgram:
    unknown = set(changes) - set(PROGRAM_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    checked = _check_program(program.partnership, changes)
    saved = audit.update(
        actor=actor, instance=program, changes=checked, expected_version=expected_version
    )
    assert isinstance(saved, TrainingProgram)
    return saved


def program_delete(
    *, actor: Any, program: TrainingProgram, expected_version: int | None = None
) -> None:
    audit.delete(actor=actor, instance=program, expected_version=expected_version)


# --- Importing programs from a spreadsheet ----------------------------------------------------

# Column names people use, normalised (lower case, runs of non-letters as "_").
COLUMNS: dict[str, tuple[str, ...]] = {
    "provider": ("provider", "organisation", "organization", "institution", "college"),
    "name": ("name", "program", "program_name", "programme"),
    "cip_code": ("cip_code", "cip", "cip_2020", "cipcode"),
    "award_level": ("award_level", "award", "credential", "level"),
    "completers": ("completers", "annual_completers", "graduates"),
    "capacity": ("capacity", "seats", "annual_capacity"),
    "next_cohort_start": ("next_cohort_start", "next_cohort", "cohort_start", "start_date"),
}
REQUIRED = ("name", "cip_code", "award_level")


@dataclass(frozen=True)
class RowProblem:
    """One rejected cell: the spreadsheet row, the column, the value and why."""

    row: int
    field: str
    value: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.field} {self.value!r}: {self.message}"


class ProgramImportRefused(ValidationError):
    """Nothing was imported: the file's layout is not a programs table, or rows were bad
    (``problems``, every one of them)."""

    def __init__(self, message: str, problems: list[RowProblem] | None = None) -> None:
        self.problems = problems or []
        super().__init__({"file": message})


def _normal(header: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", header.strip().lower()).strip("_")


def _columns(header: list[str], filename: str, has_default: bool) -> dict[str, int]:
    where: dict[str, int] = {}
    for index, name in enumerate(header):
        key = _normal(name)
        for target, aliases in COLUMNS.items():
            if key in aliases and target not in where:
                where[target] = index
    missing = [c for c in REQUIRED if c not in where]
    if "completers" not in where and "capacity" not in where:
        missing.append("completers or capacity")
    if "provider" not in where and not has_default:
        missing.append("provider (or choose one provider for every row)")
    if missing:
        raise ProgramImportRefused(
            f"{filename}: not a table of programs: no column {', '.join(missing)} (its columns: "
            f"{', '.join(h for h in header if h) or 'none'}); expected name, cip_code, "
            "award_level, completers or capacity, provider, next_cohort_start"
        )
    return where


def _count(value: str) -> int | None:
    text = value.strip().replace(",", "")
    if not text:
        return None
    number = float(text)
    if number < 0 or not number.is_integer():
        raise ValueError("not a whole number of people, 0 or more")
    return int(number)


def _date(value: str) -> dt.date | None:
    text = value.strip()
    if not text:
        return None
    return dt.date.fromisoformat(text[:10])


def programs_import(
    *,
    actor: Any,
    partnership: Partnership,
    data: bytes,
    filename: str,
    provider: Organisation | None = None,
) -> list[TrainingProgram]:
    """Import every row of a CSV or XLSX table of programs, or none.

    Columns (by name, in any order): name, cip_code, award_level, completers or
    capacity, provider (an education or training organisation of the workspace, by
    name; or ``provider`` for every row), next_cohort_start (YYYY-MM-DD). Raises
    :class:`ProgramImportRefused` naming the file's layout problem, or every rejected
    row with its field and value.
    """
    try:
        table = read_table(data, filename)
    except ImportFileError as exc:
        raise ProgramImportRefused(f"{filename}: {exc}") from None
    where = _columns(table.header, filename, provider is not None)
    known = _known_codes()
    organisations = {
        o.name.strip().lower(): o
        for o in Organisation.objects.filter(workspace_id=partnership.workspace_id)
    }
    problems: list[RowProblem] = []
    rows: list[dict[str, Any]] = []

    def cell(cells: list[str], name: str) -> str:
        index = where.get(name)
        return str(cells[index]).strip() if index is not None and index < len(cells) else ""

    for number, cells in table.rows:
        if not any(str(c).strip() for c in cells):
            continue
        before = len(problems)

        def bad(name: str, message: str, number: int = number, cells: list[str] = cells) -> None:
            problems.append(RowProblem(number, name, cell(cells, name), message))

        row: dict[str, Any] = {"name": cell(cells, "name")}
        if not row["name"]:
            bad("name", "empty: name the program")
        elif len(row["name"]) > 200:
            bad("name", "longer than 200 characters")
        try:
            row["cip_code"] = check_cip(cell(cells, "cip_code"), known)
        except ValueError as exc:
            bad("cip_code", str(exc))
        level = award_level(cell(cells, "award_level"))
        if level is None:
            bad(
                "award_level",
                "not an award level (IPEDS 1-8, 17-19, or certificate, associate, bachelor, "
                "master, doctor, apprenticeship, non-credit)",
            )
        else:
            row["award_level"] = level[0]
        for name in ("completers", "capacity"):
            try:
                row[name] = _count(cell(cells, name))
            except ValueError:
                bad(name, "not a whole number of people, 0 or more")
        if (
            len(problems) == before
            and row.get("completers") is None
            and row.get("capacity") is None
        ):
            bad("completers", "empty: give the annual completers, or the capacity")
        try:
            row["next_cohort_start"] = _date(cell(cells, "next_cohort_start"))
        except ValueError:
            bad("next_cohort_start", "not a date (YYYY-MM-DD)")
        name = cell(cells, "provider")
        if name:
            organisation = organisations.get(name.lower())
            if organisation is None:
                bad("provider", "no organisation of this name in the workspace")
            elif organisation.category not in TRAINING_CATEGORIES:
                bad("provider", "an elected official's office: it runs no programs")
            else:
                row["organisation"] = organisation
        elif provider is None:
            bad("provider", "empty: name the provider")
        else:
            row["organisation"] = provider
        rows.append(row)
    if problems:
        shown = "; ".join(str(p) for p in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise ProgramImportRefused(
            f"{filename}: nothing imported, {counted(len(problems), 'problem')}: {shown}{more}",
            problems,
        )
    if not rows:
        raise ProgramImportRefused(f"{filename}: the table has no program rows")
    with transaction.atomic():
        return [program_create(actor=actor, partnership=partnership, **row) for row in rows]


# --- Saved analyses -------------------------------------------------------------------------


def snapshot_create(
    *,
    actor: Any,
    partnership: Partnership,
    request: OccupationRequest,
    analysis: OccupationAnalysis,
    gap: SupplyGap | None,
    evidence: list[Any],
    region: SavedRegion | None = None,
    note: str = "",
) -> OccupationSnapshot:
    """Save an occupation analysis with its figures: the critical occupations, the gap
    table and the evidence for the challenges, as they are today."""
    if region is not None and region.workspace_id != partnership.workspace_id:
        raise ValidationError({"region": "That region belongs to another workspace."})
    ranked = sorted(
        analysis.records(),
        key=lambda r: (r["score"] is None, -(r["score"] or 0), r["soc_code"]),
    )
    snapshot = OccupationSnapshot(
        workspace_id=partnership.workspace_id,
        partnership=partnership,
        region=region,
        region_name=analysis.industry.region_name,
        area_codes=",".join(analysis.industry.region_codes),
        industry_code=analysis.industry.code,
        industry_title=analysis.industry.title,
        inputs=request.inputs(),
        meta=analysis.meta(),
        rows=ranked[:SAVED_ROWS],
        gap=gap.as_dict() if gap is not None else None,
        evidence=[e.as_dict() if hasattr(e, "as_dict") else dict(e) for e in evidence],
        fingerprint=analysis.fingerprint,
        note=note.strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.create(actor=actor, instance=snapshot)
    return snapshot


def snapshot_delete(
    *, actor: Any, snapshot: OccupationSnapshot, expected_version: int | None = None
) -> None:
    audit.delete(actor=actor, instance=snapshot, expected_version=expected_version)


# --- Evidence --------------------------------------------------------------------------------


def evidence_attach(
    *,
    actor: Any,
    snapshot: OccupationSnapshot,
    issue: Issue | None = None,
    challenge: str = "",
    note: str = "",
) -> OccupationEvidence:
    """Cite a saved analysis as data evidence for an issue, or for a challenge heard.

    The challenge is the issue's, or one employers raised in this partnership's outreach;
    it must be one the data speaks to (recruiting, entry-level, skills, retirement,
    turnover, training slots): an analysis cannot verify a challenge it has no figure on.
    """
    if issue is not None:
        if issue.partnership_id != snapshot.partnership_id:
            raise ValidationError({"issue": "That issue belongs to another partnership."})
        challenge = issue.challenge
    elif not challenge:
        raise ValidationError({"challenge": "Choose an issue or a challenge heard."})
    elif challenge not in Challenge.values:
        raise ValidationError({"challenge": f"Unknown challenge {challenge!r}."})
    else:
        heard = {c.code for c in challenge_counts(snapshot.partnership)}
        if challenge not in heard:
            raise ValidationError(
                {
                    "challenge": f"No employer raised “{Challenge(challenge).label}” in this "
                    "partnership's outreach: record the touch first, or attach the analysis to "
                    "an issue."
                }
            )
    label = Challenge(challenge).label
    if not data_can_speak_to(challenge):
        raise ValidationError(
            {
                "issue" if issue is not None else "challenge": f"“{label}” is not a challenge "
                "the labour-market data speaks to: an occupation analysis cannot verify it."
            }
        )
    duplicate = OccupationEvidence.objects.filter(
        snapshot=snapshot, issue=issue, challenge=challenge
    )
    if duplicate.exists():
        raise ValidationError(
            {"issue" if issue is not None else "challenge": "This analysis is already cited there."}
        )
    link = OccupationEvidence(
        workspace_id=snapshot.workspace_id,
        partnership_id=snapshot.partnership_id,
        snapshot=snapshot,
        issue=issue,
        challenge=challenge,
        note=note.strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.create(actor=actor, instance=link)
    return link


def evidence_remove(
    *, actor: Any, link: OccupationEvidence, expected_version: int | None = None
) -> None:
    audit.delete(actor=actor, instance=link, expected_version=expected_version)
