"""Small builders for planning tests: people, organisations, touches, meetings.

They write through ``convenor.audit.services`` like the apps do; the partners,
outreach and meetings apps have their own services, but these tests need only
rows of their spine models.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from convenor.audit import services as audit
from convenor.meetings.models import Meeting
from convenor.outreach.models import Method, Touch
from convenor.outreach.services import touch_create
from convenor.partners.models import Category, MemberRole, Organisation, PartnershipMember, Person
from convenor.partners.services import person_link_account
from convenor.partnerships.models import Partnership


def organisation(
    partnership: Partnership, name: str, category: str = Category.EMPLOYER
) -> Organisation:
    return audit.create(
        actor=None,
        instance=Organisation(workspace_id=partnership.workspace_id, name=name, category=category),
    )


def person(
    partnership: Partnership,
    name: str,
    org: Organisation | None = None,
    user: Any = None,
    *,
    member: bool = True,
) -> Person:
    p = audit.create(
        actor=None,
        instance=Person(workspace_id=partnership.workspace_id, name=name, organisation=org),
    )
    if user is not None:  # linked as the person page links it, never written as data
        p = person_link_account(actor=None, person=p, user=user)
    if member:
        audit.create(
            actor=None,
            instance=PartnershipMember(
                workspace_id=partnership.workspace_id,
                partnership=partnership,
                organisation=org,
                person=p,
                role=MemberRole.EMPLOYER_PARTNER
                if org and org.category == Category.EMPLOYER
                else MemberRole.PUBLIC_PARTNER,
            ),
        )
    return p


def touch(
    partnership: Partnership, people: list[Person], challenges: list[str], **kw: Any
) -> Touch:
    """A one-on-one through the outreach app's service, which also counts its challenges."""

    return touch_create(
        actor=None,
        partnership=partnership,
        occurred_on=kw.get("occurred_on", dt.date(2026, 3, 2)),
        method=kw.get("method", Method.ONE_ON_ONE),
        people=people,
        organisations=kw.get("organisations", ()),
        heard=kw.get("heard", ""),
        challenges=challenges,
    )


def meeting(partnership: Partnership, title: str = "First partnership meeting") -> Meeting:
    start = timezone.make_aware(dt.datetime(2026, 4, 14, 8, 0))
    return audit.create(
        actor=None,
        instance=Meeting(
            workspace_id=partnership.workspace_id,
            partnership=partnership,
            title=title,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1, minutes=30),
            objective="Prioritise the issues heard from employers.",
            is_kickoff=True,
        ),
    )


def api_as(user: Any) -> Any:
    """Call the API with a token of ``user``; JSON bodies: ``call("post", path, body)``."""
    from django.test import Client

    from convenor.accounts.services import token_create

    _, raw = token_create(user=user, name="test")
    client = Client(headers={"Authorization": f"Bearer {raw}"})

    def call(method: str, path: str, body: Any = None) -> Any:
        return getattr(client, method)(path, body or {}, content_type="application/json")

    return call
