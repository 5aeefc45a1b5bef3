"""Which column fills which field of an import: the fields, the header aliases, the mapping.

``suggest_mapping`` reads a header and proposes which column fills which field,
knowing the exports people already have (Outlook, Google Contacts old and new,
Salesforce, HubSpot, LinkedIn and Convenor's own); ``header_test`` finds the
header row below a preamble; ``mapping_problems`` says what a mapping lacks.
The rows themselves are checked in ``convenor.partners.importer``. No database here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from convenor.partners.models import TRAITS

PEOPLE = "people"
ORGANISATIONS = "organisations"


@dataclass(frozen=True)
class Target:
    name: str  # field name
    label: str
    joined_by: str = ""  # several columns: "" = first filled one wins, else joined with this
    max_length: int = 0


# The fields of each import, in the order the mapping form shows them.
PEOPLE_FIELDS = [
    Target("name", "Name", max_length=200),
    Target("first_name", "First name", joined_by=" "),
    Target("middle_name", "Middle name", joined_by=" "),
    Target("last_name", "Last name", joined_by=" "),
    Target("title", "Title", max_length=200),
    Target("organisation", "Organisation", max_length=200),
    Target("organisation_category", "Organisation category"),
    Target("email", "E-mail", max_length=254),
    Target("phone", "Phone", max_length=40),
    Target("authority_level", "Authority level"),
    *[Target(name, label.capitalize()) for name, label, _ in TRAITS],
    Target("notes", "Notes", joined_by="\n"),
]
ORGANISATION_FIELDS = [
    Target("name", "Name", max_length=200),
    Target("category", "Category"),
    Target("education_type", "Type of educational institution"),
    Target("other_label", "Kind of organisation", max_length=100),
    Target("naics_code", "NAICS code"),
    Target("size_band", "Size band"),
    Target("address", "Address", joined_by=", ", max_length=300),
    Target("county", "County", max_length=100),
    Target("county_fips", "County FIPS"),
    Target("website", "Website", max_length=200),
    Target("notes", "Notes", joined_by="\n"),
]
FIELDS = {PEOPLE: PEOPLE_FIELDS, ORGANISATIONS: ORGANISATION_FIELDS}

# Convenor's own export columns: an export imports back without mapping by hand.
PEOPLE_EXPORT_HEADER = [
    "Name",
    "Title",
    "Organisation",
    "Organisation category",
    "E-mail",
    "Phone",
    "Authority level",
    *[label.capitalize() for _, label, _ in TRAITS],
    "Notes",
]
ORGANISATION_EXPORT_HEADER = [
    "Name",
    "Category",
    "Type of educational institution",
    "Kind of organisation",
    "NAICS code",
    "Size band",
    "Address",
    "County",
    "County FIPS",
    "Website",
    "Notes",
]


def normalise(text: str) -> str:
    """Lowercase letters and digits only: 'E-mail Address' -> 'emailaddress'."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", text.lower())


# Header aliases per field, best first: (normalised header, priority). A lower priority
# number wins when two columns claim a single-valued field (Outlook's "Title" is the
# honorific, "Job Title" the job).
_PEOPLE_ALIASES: dict[str, list[str]] = {
    "name": ["name", "fullname", "contactname", "displayname", "person", "contact"],
    "first_name": ["firstname", "givenname", "first", "forename"],
    "middle_name": ["middlename", "additionalname", "middle"],
    "last_name": ["lastname", "familyname", "surname", "last"],
    "title": ["jobtitle", "organizationtitle", "organization1title", "position", "title"],
    "organisation": [
        "organisation",
        "organization",
        # HubSpot: the associated company record, ahead of the contact's free-text
        # "Company Name" property.
        "associatedcompany",
        "company",
        "companyname",
        "organizationname",
        "organization1name",
        "accountname",
        "accountaccountname",
        "account",
        "employer",
    ],
    "organisation_category": [
        "organisationcategory",
        "organizationcategory",
        "partnercategory",
        "category",
    ],
    "email": [
        "email",
        "emailaddress",
        "email1value",
        "primaryemail",
        "workemail",
        "businessemail",
        "email2address",
        "email2value",
        "email3address",
    ],
    "phone": [
        "phone",
        "businessphone",
        "workphone",
        "phone1value",
        "phonenumber",
        "telephone",
        "mobilephone",
        "mobilephonenumber",
        "mobile",
        "businessphone2",
        "companymainphone",
        "phone2value",
    ],
    "authority_level": ["authoritylevel", "authority"],
    "notes": ["notes", "note", "description", "comments"],
}
for _name, _label, _ in TRAITS:
    _PEOPLE_ALIASES[_name] = [normalise(_label), normalise(_name)]

_ORGANISATION_ALIASES: dict[str, list[str]] = {
    "name": [
        "name",
        "organisation",
        "organization",
        "organisationname",
        "organizationname",
        "company",
        "companyname",
        "accountname",
        "account",
    ],
    "category": ["category", "partnercategory", "organisationcategory", "organizationcategory"],
    "education_type": ["typeofeducationalinstitution", "educationtype"],
    "other_label": ["kindoforganisation", "kindoforganization", "otherlabel"],
    "naics_code": ["naicscode", "naics", "industrycode", "primarynaics", "industry"],
    "size_band": ["sizeband", "size", "employees", "numberofemployees", "headcount"],
    "address": [
        "address",
        "street",
        "billingstreet",
        "billingaddress",
        "businessstreet",
        "city",
        "billingcity",
        "businesscity",
        "state",
        "billingstate",
        "billingstateprovince",
        "businessstate",
        "zip",
        "zipcode",
        "postalcode",
        "billingzippostalcode",
        "billingpostalcode",
        "businesspostalcode",
    ],
    "county": ["county", "countyname"],
    "county_fips": ["countyfips", "fips", "countyfipscode"],
    "website": ["website", "webpage", "url", "web", "website1value", "homepage"],
    "notes": ["notes", "note", "description", "comments"],
}
ALIASES = {PEOPLE: _PEOPLE_ALIASES, ORGANISATIONS: _ORGANISATION_ALIASES}


# Single-valued fields fed by every column that names them: the first filled one wins,
# in the order of their aliases (Outlook's "E-mail Address" before "E-mail 2 Address";
# HubSpot's "Associated Company" before the contact's own "Company Name").
FIRST_FILLED = ("email", "phone", "organisation")


def _alias_index(target: str) -> dict[str, tuple[str, int]]:
    index: dict[str, tuple[str, int]] = {}
    for field_name, aliases in ALIASES[target].items():
        for priority, alias in enumerate(aliases):
            index.setdefault(alias, (field_name, priority))
    return index


def suggest_mapping(header: list[str], target: str) -> dict[str, str]:
    """{column index as text: field} for the columns whose header is recognised."""
    index = _alias_index(target)
    fields = {t.name: t for t in FIELDS[target]}
    claims: dict[str, list[tuple[int, int]]] = {}
    for column, name in enumerate(header):
        found = index.get(normalise(name))
        if found:
            claims.setdefault(found[0], []).append((found[1], column))
    mapping: dict[str, str] = {}
    for field_name, columns in claims.items():
        columns.sort()
        if fields[field_name].joined_by or field_name in FIRST_FILLED:
            # Several columns feed one field: joined, or the first filled one in
            # priority order (see ``_gather``).
            chosen = [c for _, c in columns]
        else:
            chosen = [columns[0][1]]
        for column in chosen:
            mapping[str(column)] = field_name
    return dict(sorted(mapping.items(), key=lambda item: int(item[0])))


def clean_mapping(mapping: dict[str, str], header: list[str], target: str) -> dict[str, str]:
    """Drop unknown fields and columns; keep the user's choices otherwise."""
    known = {t.name for t in FIELDS[target]}
    out = {}
    for column, field_name in mapping.items():
        if field_name in known and str(column).isdigit() and int(column) < len(header):
            out[str(int(column))] = field_name
    return out


def mapping_problems(
    mapping: dict[str, str], target: str, header: list[str] | None = None
) -> list[str]:
    fields = set(mapping.values())
    columns = ""
    if header:
        shown = ", ".join(f"'{h}'" for h in header[:12]) + (", ..." if len(header) > 12 else "")
        columns = f" (the columns are {shown})"
    if target == PEOPLE and not fields & {"name", "first_name", "last_name"}:
        return [
            f"No column holds the name{columns}: map a column to Name (or First name and "
            "Last name), or choose the row that names the columns."
        ]
    if target == ORGANISATIONS and "name" not in fields:
        return [
            f"No column holds the organisation's name{columns}: map a column to Name, or "
            "choose the row that names the columns."
        ]
    return []


def header_test(target: str) -> Callable[[list[str]], bool]:
    """How ``read_table`` knows the header row: the first row that maps a name column."""

    def names_a_name_column(cells: list[str]) -> bool:
        return not mapping_problems(suggest_mapping(cells, target), target)

    return names_a_name_column
