"""Rows of the registry in Convenor's own export columns (they import back unchanged)."""

from __future__ import annotations

from collections.abc import Iterator

from convenor.partners.import_mapping import ORGANISATION_EXPORT_HEADER, PEOPLE_EXPORT_HEADER
from convenor.partners.models import TRAITS, Organisation, Person
from convenor.workspaces.models import Workspace


def people_rows(workspace: Workspace) -> Iterator[list[object]]:
    yield list(PEOPLE_EXPORT_HEADER)
    people = (
        Person.objects.filter(workspace=workspace)
        .select_related("organisation")
        .order_by("name", "pk")
    )
    for p in people.iterator(chunk_size=2000):
        org = p.organisation
        yield [
            p.name,
            p.title,
            org.name if org else "",
            org.get_category_display() if org else "",
            p.email,
            p.phone,
            p.get_authority_level_display() if p.authority_level else "",
            *["yes" if getattr(p, name) else "" for name, _, _ in TRAITS],
            p.notes,
        ]


def organisation_rows(workspace: Workspace) -> Iterator[list[object]]:
    yield list(ORGANISATION_EXPORT_HEADER)
    for o in (
        Organisation.objects.filter(workspace=workspace)
        .order_by("name", "pk")
        .iterator(chunk_size=2000)
    ):
        yield [
            o.name,
            o.get_category_display(),
            o.get_education_type_display() if o.education_type else "",
            o.other_label,
            o.naics_code,
            o.size_band,
            o.address,
            o.county,
            o.county_fips,
            o.website,
            o.notes,
        ]
