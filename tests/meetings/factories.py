"""Small builders for meeting tests: organisations, people, meetings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from convenor.audit import services as audit
from convenor.meetings import services
from convenor.meetings.models import Meeting
from convenor.partners.models import Category, Organisation, Person
from convenor.partners.services import person_link_account

# The test partnership targets health care (62); an employer is a hospital unless told
# otherwise, so it speaks for the industry (partners.sides).
HOSPITAL = "622110"


def org(
    workspace: Any, name: str, category: str = Category.EMPLOYER, naics: str | None = None
) -> Organisation:
    if naics is None:
        naics = HOSPITAL if category == Category.EMPLOYER else ""
    return audit.create(
        actor=None,
        instance=Organisation(workspace=workspace, name=name, category=category, naics_code=naics),
    )


def person(
    workspace: Any,
    name: str,
    *,
    category: str | None = Category.EMPLOYER,
    organisation: Organisation | None = None,
    authority_level: str = "",
    top_leader: bool = False,
    email: str | None = None,
    user: Any = None,
) -> Person:
    if organisation is None and category is not None:
        organisation = org(workspace, f"{name}'s organisation", category)
    created = audit.create(
        actor=None,
        instance=Person(
            workspace=workspace,
            name=name,
            organisation=organisation,
            authority_level=authority_level,
            is_top_government_leader=top_leader,
            email=email if email is not None else f"{name.split()[0].lower()}@example.org",
        ),
    )
    if user is None:
        return created
    # Linked as the person page links it, never written as data.
    return person_link_account(actor=None, person=created, user=user)


def when(days: int = 7, hour: int = 9) -> dt.datetime:
    """A local time ``days`` from today (negative: in the past)."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def meeting(
    partnership: Any,
    actor: Any,
    *,
    days: int = 7,
    minutes: int = 90,
    title: str = "Partnership meeting",
    invitees: list[Person] | tuple[Person, ...] = (),
    **kwargs: Any,
) -> Meeting:
    starts = when(days)
    return services.meeting_create(
        actor=actor,
        partnership=partnership,
        title=title,
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=minutes),
        objective=kwargs.pop("objective", "Prioritise the issues employers share."),
        invitees=invitees,
        **kwargs,
    )
