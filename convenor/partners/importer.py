"""Import planning: check every row and find duplicates. No database here.

Which column fills which field is ``convenor.partners.import_mapping``.
``plan_rows`` turns each row into a ``RowOutcome``: valid
(with clean values), duplicate (of an earlier row or of someone already in the
workspace) or rejected (with every problem, naming row and column). The
services in ``convenor.partners.imports`` write the valid rows.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from convenor.partners.import_mapping import (
    ALIASES,
    FIRST_FILLED,
    ORGANISATION_FIELDS,
    ORGANISATIONS,
    PEOPLE,
    PEOPLE_FIELDS,
    Target,
    normalise,
)
from convenor.partners.models import (
    NAICS_CATEGORIES,
    TRAITS,
    AuthorityLevel,
    Category,
    EducationType,
    SizeBand,
)
from convenor.partners.tabular import Formula
from convenor.partnerships.naics import parse_naics

# --- Values ------------------------------------------------------------------

_CATEGORY_WORDS = {
    **{normalise(c.value): c.value for c in Category},
    **{normalise(c.label): c.value for c in Category},
    "employer": Category.EMPLOYER,
    "business": Category.EMPLOYER,
    "company": Category.EMPLOYER,
    "industry": Category.EMPLOYER,
    "association": Category.ASSOCIATION,
    "tradeassociation": Category.ASSOCIATION,
    "industryassociation": Category.ASSOCIATION,
    "industryandtradeassociation": Category.ASSOCIATION,
    "chamber": Category.ASSOCIATION,
    "chamberofcommerce": Category.ASSOCIATION,
    "economicdevelopment": Category.ECONOMIC_DEVELOPMENT,
    "economicdevelopmentagency": Category.ECONOMIC_DEVELOPMENT,
    "workforce": Category.WORKFORCE_SYSTEM,
    "workforceboard": Category.WORKFORCE_SYSTEM,
    "publicworkforce": Category.WORKFORCE_SYSTEM,
    "publicworkforcesystem": Category.WORKFORCE_SYSTEM,
    "onestop": Category.WORKFORCE_SYSTEM,
    "americanjobcenter": Category.WORKFORCE_SYSTEM,
    "education": Category.EDUCATION,
    "educationalinstitution": Category.EDUCATION,
    "college": Category.EDUCATION,
    "communitycollege": Category.EDUCATION,
    "technicalcollege": Category.EDUCATION,
    "university": Category.EDUCATION,
    "k12": Category.EDUCATION,
    "school": Category.EDUCATION,
    "trainingprovider": Category.EDUCATION,
    "privatetrainingprovider": Category.EDUCATION,
    "labor": Category.LABOR,
    "labour": Category.LABOR,
    "union": Category.LABOR,
    "organizedlabor": Category.LABOR,
    "organisedlabour": Category.LABOR,
    "humanservices": Category.HUMAN_SERVICES,
    "humanserviceagency": Category.HUMAN_SERVICES,
    "humanservice": Category.HUMAN_SERVICES,
    "socialservices": Category.HUMAN_SERVICES,
    "community": Category.COMMUNITY,
    "communitybased": Category.COMMUNITY,
    "faithbased": Category.COMMUNITY,
    "cbo": Category.COMMUNITY,
    "fbo": Category.COMMUNITY,
    "nonprofit": Category.COMMUNITY,
    "foundation": Category.COMMUNITY,
    "elected": Category.ELECTED,
    "electedofficial": Category.ELECTED,
    "electedofficials": Category.ELECTED,
    "other": Category.OTHER,
}
# Education types double as categories: "University" means education, type university.
_EDUCATION_WORDS = {
    **{normalise(e.value): e.value for e in EducationType},
    **{normalise(e.label): e.value for e in EducationType},
    "college": EducationType.COLLEGE,
    "communitycollege": EducationType.COLLEGE,
    "technicalcollege": EducationType.COLLEGE,
    "university": EducationType.UNIVERSITY,
    "k12": EducationType.K12,
    "school": EducationType.K12,
    "schooldistrict": EducationType.K12,
    "trainingprovider": EducationType.PRIVATE_TRAINING,
    "privatetrainingprovider": EducationType.PRIVATE_TRAINING,
}
_AUTHORITY_WORDS = {
    **{normalise(a.value): a.value for a in AuthorityLevel},
    **{normalise(a.label): a.value for a in AuthorityLevel},
    "ceo": AuthorityLevel.CEO,
    "president": AuthorityLevel.CEO,
    "owner": AuthorityLevel.CEO,
    "executive": AuthorityLevel.CEO,
    "hr": AuthorityLevel.HR_DIRECTOR,
    "humanresources": AuthorityLevel.HR_DIRECTOR,
    "hrdirector": AuthorityLevel.HR_DIRECTOR,
    "hrmanager": AuthorityLevel.HR_DIRECTOR,
    "manager": AuthorityLevel.FRONT_LINE_MANAGER,
    "supervisor": AuthorityLevel.FRONT_LINE_MANAGER,
    "frontlinemanager": AuthorityLevel.FRONT_LINE_MANAGER,
    "worker": AuthorityLevel.LINE_WORKER,
    "lineworker": AuthorityLevel.LINE_WORKER,
}
_TRUE = {"yes", "y", "true", "t", "1", "x", "on", "checked"}
_FALSE = {"no", "n", "false", "f", "0", "off", ""}
_SIZE_WORDS = {normalise(b.value): b.value for b in SizeBand} | {
    normalise(b.label): b.value for b in SizeBand
}

_email_validator = EmailValidator()
_url_validator = URLValidator(schemes=["http", "https"])


class ValueProblem(Exception):
    pass


def category_of(value: str) -> tuple[str, str]:
    """(category, education type) from a label, code or common word; raises ValueProblem."""
    key = normalise(value)
    if key in _CATEGORY_WORDS:
        category = _CATEGORY_WORDS[key]
        return category, _EDUCATION_WORDS.get(key, "") if category == Category.EDUCATION else ""
    if key in _EDUCATION_WORDS:
        return Category.EDUCATION, _EDUCATION_WORDS[key]
    if key.startswith("other"):
        return Category.OTHER, ""
    raise ValueProblem(
        f"'{value}' is not a partner category; use one of: "
        + ", ".join(c.label for c in Category)
        + "."
    )


def _authority(value: str) -> str:
    key = normalise(value)
    if key in _AUTHORITY_WORDS:
        return _AUTHORITY_WORDS[key]
    raise ValueProblem(
        f"'{value}' is not an authority level; use one of: "
        + ", ".join(a.label for a in AuthorityLevel)
        + "."
    )


def _flag(value: str) -> bool:
    key = value.strip().lower()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValueProblem(f"'{value}' is not yes or no.")


# Outlook's contacts of type "EX" hold an Exchange (X.500) path where the address goes:
# "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=...".
_X500 = re.compile(r"^/o=", re.IGNORECASE)
# Google Contacts puts several values in one cell: "a@x.org ::: b@y.org".
_MULTI_VALUE = re.compile(r"\s*:::\s*")


def _email(value: str) -> str:
    value = value.strip()
    if value.lower().startswith("mailto:"):
        value = value[7:]
    value = re.split(r"\s*(?::::|;|,)\s*", value)[0].strip()
    try:
        _email_validator(value)
    except ValidationError:
        raise ValueProblem(f"'{value}' is not an e-mail address.") from None
    if len(value) > 254:
        raise ValueProblem(f"longer than 254 characters ({len(value)}).")
    return value


def _first_email(parts: list[tuple[str, str]]) -> tuple[str, Problem | None, Problem | None]:
    """(address, problem, note): the first address of the e-mail columns, in order.

    An Exchange path is passed over (the real address is in "E-mail 2 Address"); a
    malformed address rejects the row rather than be replaced silently by the next one.
    """
    exchange: tuple[str, str] | None = None
    for value, column in parts:
        text = value.strip()
        if _X500.match(text):
            exchange = exchange or (text, column)
            continue
        try:
            return _email(text), None, None
        except ValueProblem as exc:
            return "", Problem(0, column, text, str(exc)), None
    if exchange:
        note = Problem(
            0,
            exchange[1],
            exchange[0],
            "an Exchange (X.500) path, not an e-mail address, and no other e-mail column is "
            "filled: imported without an e-mail.",
            "note",
        )
        return "", None, note
    return "", None, None


def _first_value(value: str) -> str:
    """The first of Google's multi-value cells ("614-555-0100 ::: 614-555-0199")."""
    return next((v for v in _MULTI_VALUE.split(value.strip()) if v), "")


def _naics(value: str) -> str:
    # A code or a title from the NAICS list ("332710", "Machine Shops"); a code that
    # does not exist is refused with its value, as the organisation form refuses it.
    try:
        return parse_naics(value)
    except ValidationError as e:
        raise ValueProblem(" ".join(e.messages)) from None


def _size(value: str) -> str:
    key = normalise(value)
    if key in _SIZE_WORDS:
        return _SIZE_WORDS[key]
    digits = value.replace(",", "").strip()
    if re.fullmatch(r"\d+(\.0+)?", digits):
        return SizeBand.for_headcount(int(float(digits))).value
    match = re.fullmatch(r"(\d[\d,]*)\s*(?:-|to|\u2013)\s*(\d[\d,]*)", value.strip())
    if match:
        return SizeBand.for_headcount(int(match.group(1).replace(",", ""))).value
    raise ValueProblem(
        f"'{value}' is not a size: use a number of employees or one of "
        + ", ".join(b.value for b in SizeBand)
        + "."
    )


def _website(value: str) -> str:
    value = value.strip()
    if not re.match(r"^https?://", value, re.IGNORECASE):
        value = "https://" + value
    try:
        _url_validator(value)
    except ValidationError:
        raise ValueProblem(f"'{value}' is not a web address.") from None
    if len(value) > 200:
        raise ValueProblem(f"the web address is longer than 200 characters ({len(value)}).")
    return value


def _fips(value: str) -> str:
    digits = value.strip()
    if digits.isdigit() and 4 <= len(digits) <= 5:
        return digits.zfill(5)  # spreadsheets drop the leading zero of 01001
    raise ValueProblem(f"'{value}' is not a county FIPS code (5 digits, e.g. 39049).")


# --- Rows ----------------------------------------------------------------------


@dataclass
class Problem:
    row: int
    column: str
    value: str
    reason: str
    kind: str = "rejected"  # or "duplicate"

    @property
    def message(self) -> str:
        where = f"Row {self.row}" + (f", column '{self.column}'" if self.column else "")
        return f"{where}: {self.reason}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value[:200],
            "reason": self.reason,
            "kind": self.kind,
            "message": self.message,
        }


@dataclass
class RowOutcome:
    row: int
    status: str  # valid | duplicate | rejected | blank
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # What a valid row's user should know (kind "note"): it is imported all the same.
    notes: list[Problem] = field(default_factory=list)
    # A duplicate's match: ("row", n) an earlier row; ("email", address), ("name", (name,
    # organisation)) or ("organisation", name) a record already in the workspace.
    match: tuple[str, Any] | None = None


@dataclass
class Existing:
    """What the workspace already holds, for de-duplication (all keys normalised)."""

    emails: dict[str, str] = field(default_factory=dict)  # email -> who
    names_at: dict[tuple[str, str], str] = field(default_factory=dict)  # (name, org) -> who
    organisations: dict[str, str] = field(default_factory=dict)  # name -> display name


def name_key(value: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", value).casefold().split())


def _priority(target: str, field_name: str, column: str) -> int:
    aliases = ALIASES[target].get(field_name, [])
    key = normalise(column)
    return aliases.index(key) if key in aliases else len(aliases)


def _gather(
    cells: list[str],
    header: list[str],
    mapping: dict[str, str],
    targets: dict[str, Target],
    target: str,
) -> tuple[dict[str, str], dict[str, str], list[Problem], int, dict[str, list[tuple[str, str]]]]:
    """Raw text per field (joined as the field says), the column each came from, formulas,
    how many fields are filled, and every (value, column) per field."""
    raw: dict[str, list[tuple[str, str]]] = {}
    problems: list[Problem] = []
    for column, field_name in mapping.items():
        index = int(column)
        value = cells[index] if index < len(cells) else ""
        if isinstance(value, Formula):
            problems.append(
                Problem(
                    0,
                    header[index],
                    str(value),
                    f"a formula ({str(value)[:40]}) is not imported; paste the values instead.",
                )
            )
            continue
        value = str(value).strip()
        if value:
            raw.setdefault(field_name, []).append((value, header[index]))
    values: dict[str, str] = {}
    columns: dict[str, str] = {}
    for field_name, parts in raw.items():
        spec = targets[field_name]
        if spec.joined_by:
            values[field_name] = spec.joined_by.join(v for v, _ in parts)
            columns[field_name] = ", ".join(dict.fromkeys(c for _, c in parts))
        else:
            if field_name in FIRST_FILLED:
                parts.sort(key=lambda part: _priority(target, field_name, part[1]))
            values[field_name], columns[field_name] = parts[0]
    return values, columns, problems, len(raw), raw


def _check(
    field_name: str,
    values: dict[str, str],
    columns: dict[str, str],
    problems: list[Problem],
    parse,
) -> Any:
    if field_name not in values:
        return None
    try:
        return parse(values[field_name])
    except ValueProblem as exc:
        problems.append(Problem(0, columns[field_name], values[field_name], str(exc)))
        return None


def _lengths(
    values: dict[str, str],
    columns: dict[str, str],
    targets: dict[str, Target],
    problems: list[Problem],
) -> None:
    for field_name, value in values.items():
        limit = targets[field_name].max_length
        if limit and len(value) > limit:
            problems.append(
                Problem(
                    0,
                    columns[field_name],
                    value,
                    f"longer than {limit} characters ({len(value)}).",
                )
            )


def _person_row(
    cells: list[str],
    header: list[str],
    mapping: dict[str, str],
    default_category: str,
) -> tuple[dict[str, Any], list[Problem], bool]:
    targets = {t.name: t for t in PEOPLE_FIELDS}
    values, columns, problems, filled, parts = _gather(cells, header, mapping, targets, PEOPLE)
    if not filled and not problems:
        return {}, [], True
    email, email_problem, email_note = _first_email(parts.get("email", []))
    values.pop("email", None)  # checked above, over every e-mail column
    name = values.get("name") or " ".join(
        values[k] for k in ("first_name", "middle_name", "last_name") if values.get(k)
    )
    if values.get("name") is None and name:
        columns["name"] = ", ".join(
            columns[k] for k in ("first_name", "middle_name", "last_name") if k in columns
        )
        values["name"] = name
    _lengths(values, columns, targets, problems)
    out: dict[str, Any] = {
        "name": name.strip(),
        "title": values.get("title", ""),
        "organisation": values.get("organisation", ""),
        "phone": _first_value(values.get("phone", "")),
        "notes": values.get("notes", ""),
        "email": email,
        "authority_level": _check("authority_level", values, columns, problems, _authority) or "",
    }
    category = _check("organisation_category", values, columns, problems, category_of)
    out["organisation_category"], out["education_type"] = category or (default_category, "")
    if email_problem:
        problems.append(email_problem)
    if email_note:
        problems.append(email_note)
    for trait, _, _ in TRAITS:
        out[trait] = bool(_check(trait, values, columns, problems, _flag))
    if not out["name"]:
        name_columns = [
            header[int(c)]
            for c, f in mapping.items()
            if f in ("name", "first_name", "middle_name", "last_name")
        ]
        where = ", ".join(f"'{c}'" for c in name_columns) or "none is mapped"
        problems.append(Problem(0, "", "", f"no name (the name columns {where} are empty)."))
    return out, problems, False


def _organisation_row(
    cells: list[str],
    header: list[str],
    mapping: dict[str, str],
    default_category: str,
) -> tuple[dict[str, Any], list[Problem], bool]:
    targets = {t.name: t for t in ORGANISATION_FIELDS}
    values, columns, problems, filled, _ = _gather(cells, header, mapping, targets, ORGANISATIONS)
    if not filled and not problems:
        return {}, [], True
    _lengths(values, columns, targets, problems)
    category = _check("category", values, columns, problems, category_of)
    category, education_type = category or (default_category, "")
    explicit_type = _check(
        "education_type",
        values,
        columns,
        problems,
        lambda v: (
            _EDUCATION_WORDS.get(normalise(v))
            or _raise(
                f"'{v}' is not a type of educational institution; use one of: "
                + ", ".join(e.label for e in EducationType)
                + "."
            )
        ),
    )
    out: dict[str, Any] = {
        "name": values.get("name", "").strip(),
        "category": category,
        "education_type": explicit_type or education_type,
        "other_label": values.get("other_label", ""),
        "naics_code": _check("naics_code", values, columns, problems, _naics) or "",
        "size_band": _check("size_band", values, columns, problems, _size) or "",
        "address": values.get("address", ""),
        "county": values.get("county", ""),
        "county_fips": _check("county_fips", values, columns, problems, _fips) or "",
        "website": _check("website", values, columns, problems, _website) or "",
        "notes": values.get("notes", ""),
    }
    if out["education_type"] and category != Category.EDUCATION:
        problems.append(
            Problem(
                0,
                columns.get("education_type", columns.get("category", "")),
                values.get("education_type", ""),
                "a type of educational institution is given but the category is "
                f"{Category(category).label}.",
            )
        )
    if out["naics_code"] and category not in NAICS_CATEGORIES:
        problems.append(
            Problem(
                0,
                columns["naics_code"],
                values["naics_code"],
                f"an industry is recorded for employers, associations and unions only, and this "
                f"row's category is {Category(category).label}.",
            )
        )
    if not out["name"]:
        problems.append(Problem(0, columns.get("name", ""), "", "no organisation name."))
    return out, problems, False


def _raise(message: str):
    raise ValueProblem(message)


def plan_rows(
    rows: Iterator[tuple[int, list[str]]],
    header: list[str],
    mapping: dict[str, str],
    *,
    target: str,
    default_category: str = Category.EMPLOYER,
    existing: Existing | None = None,
) -> Iterator[RowOutcome]:
    """Check every row and flag duplicates; yields one outcome per row, in order."""
    existing = existing or Existing()
    seen_emails: dict[str, int] = {}
    seen_names: dict[tuple[str, str], int] = {}
    parse = _person_row if target == PEOPLE else _organisation_row
    for number, cells in rows:
        values, problems, blank = parse(cells, header, mapping, default_category)
        if blank:
            yield RowOutcome(number, "blank")
            continue
        for problem in problems:
            problem.row = number
        notes = [p for p in problems if p.kind == "note"]
        problems = [p for p in problems if p.kind != "note"]
        if problems:
            yield RowOutcome(number, "rejected", values, problems, notes)
            continue
        found = _duplicate(values, target, existing, seen_emails, seen_names, number)
        if found:
            duplicate, match = found
            yield RowOutcome(number, "duplicate", values, [duplicate], notes, match)
            continue
        yield RowOutcome(number, "valid", values, notes=notes)


def _duplicate(
    values: dict[str, Any],
    target: str,
    existing: Existing,
    seen_emails: dict[str, int],
    seen_names: dict[tuple[str, str], int],
    number: int,
) -> tuple[Problem, tuple[str, Any]] | None:
    """The duplicate's report line and what it matched, or None for a new record."""
    if target == ORGANISATIONS:
        key = (name_key(values["name"]), "")
        if key[0] in existing.organisations:
            return Problem(
                number,
                "",
                values["name"],
                f"already in the workspace: {existing.organisations[key[0]]}.",
                "duplicate",
            ), ("organisation", key[0])
        if key in seen_names:
            return Problem(
                number, "", values["name"], f"same name as row {seen_names[key]}.", "duplicate"
            ), ("row", seen_names[key])
        seen_names[key] = number
        return None
    email = values["email"].casefold()
    key = (name_key(values["name"]), name_key(values["organisation"]))
    if email and email in existing.emails:
        return Problem(
            number,
            "",
            values["email"],
            f"same e-mail as {existing.emails[email]}, already in the workspace.",
            "duplicate",
        ), ("email", email)
    if email and email in seen_emails:
        return Problem(
            number, "", values["email"], f"same e-mail as row {seen_emails[email]}.", "duplicate"
        ), ("row", seen_emails[email])
    if key in existing.names_at:
        return Problem(
            number,
            "",
            values["name"],
            f"same name at the same organisation as {existing.names_at[key]}, already in the "
            "workspace.",
            "duplicate",
        ), ("name", key)
    if key in seen_names:
        return Problem(
            number,
            "",
            values["name"],
            f"same name at the same organisation as row {seen_names[key]}.",
            "duplicate",
        ), ("row", seen_names[key])
    if email:
        seen_emails[email] = number
    seen_names[key] = number
    return None
