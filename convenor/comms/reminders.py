"""The daily digest sent by ``convenor remind``: per user (and per external partner who
owns action items), the follow-ups due and the action items due or overdue.

One digest per address and day (``Digest``): a second run on the same day sends
nothing new. No digest when nothing is due. A user who turned the digest off on the
account page gets none; an external partner who unsubscribed from the workspace's
e-mails gets none.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.urls import reverse

from convenor.accounts.models import User
from convenor.comms.mail import message
from convenor.comms.models import Digest, Unsubscribe
from convenor.lib.words import counted
from convenor.meetings.models import ActionItem, ActionStatus
from convenor.outreach.models import Touch

OPEN = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


@dataclass
class DigestPlan:
    """What one address is reminded of."""

    email: str
    name: str
    user: User | None = None
    follow_ups: list[Touch] = field(default_factory=list)
    action_items: list[ActionItem] = field(default_factory=list)
    unsubscribe_url: str = ""

    @property
    def empty(self) -> bool:
        return not self.follow_ups and not self.action_items


def plans(today: dt.date) -> list[DigestPlan]:
    """Every address with something due on ``today`` (or overdue), users first."""
    out: dict[str, DigestPlan] = {}
    off = {
        e.lower() for e in User.objects.filter(daily_digest=False).values_list("email", flat=True)
    }
    users = {u.pk: u for u in User.objects.filter(is_active=True, daily_digest=True)}
    touches = (
        Touch.objects.filter(
            follow_up_owner_id__in=list(users),
            follow_up_done=False,
            follow_up_on__lte=today,
        )
        .select_related("partnership")
        .prefetch_related("people")
        .order_by("follow_up_on", "pk")
    )
    for touch in touches:
        user = users[touch.follow_up_owner_id]  # type: ignore[index]
        plan = out.setdefault(user.email.lower(), DigestPlan(user.email, str(user), user))
        plan.follow_ups.append(touch)
    items = (
        ActionItem.objects.filter(status__in=OPEN, due_on__lte=today, owner__isnull=False)
        .exclude(owner__email="", owner__user__isnull=True)
        .select_related("partnership", "owner", "owner__user")
        .order_by("due_on", "pk")
    )
    stopped: dict[int, set[str]] = defaultdict(set)
    for workspace_id, email in Unsubscribe.objects.values_list("workspace_id", "email"):
        stopped[workspace_id].add(email.lower())
    for item in items:
        owner = item.owner
        assert owner is not None
        account = owner.user if owner.user_id and owner.user and owner.user.is_active else None
        if account is not None:
            if not account.daily_digest:
                continue
            key = account.email.lower()
            plan = out.setdefault(key, DigestPlan(account.email, str(account), account))
        else:
            # An external partner without an account: reached at the registry's address.
            key = owner.email.lower()
            if not key or key in off or key in stopped[item.workspace_id]:
                continue
            if key not in out:
                from convenor.comms.services import unsubscribe_url

                out[key] = DigestPlan(
                    owner.email,
                    owner.name,
                    unsubscribe_url=unsubscribe_url(item.workspace_id, owner.email),
                )
            plan = out[key]
        plan.action_items.append(item)
    return [p for p in out.values() if not p.empty]


def _site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def send_digests(today: dt.date) -> list[Digest]:
    """Send today's digests not sent yet; returns the ones sent by this run."""
    sent = []
    with get_connection() as connection:
        for plan in plans(today):
            try:
                with transaction.atomic():
                    digest = Digest.objects.create(
                        email=plan.email.lower(),
                        sent_on=today,
                        user=plan.user,
                        follow_ups=len(plan.follow_ups),
                        action_items=len(plan.action_items),
                    )
                    message(
                        to=plan.email,
                        subject=_subject(plan),
                        template="comms/email/digest",
                        context=_context(plan, today),
                        connection=connection,
                        unsubscribe_url=plan.unsubscribe_url,
                    ).send()
            except IntegrityError:
                continue  # sent earlier today: no duplicate
            sent.append(digest)
    return sent


def _subject(plan: DigestPlan) -> str:
    parts = []
    if plan.follow_ups:
        parts.append(counted(len(plan.follow_ups), "follow-up"))
    if plan.action_items:
        parts.append(counted(len(plan.action_items), "action item"))
    return "Due today: " + " and ".join(parts)


def _context(plan: DigestPlan, today: dt.date) -> dict[str, Any]:
    slugs = {t.workspace_id for t in plan.follow_ups} | {a.workspace_id for a in plan.action_items}
    from convenor.workspaces.models import Workspace

    workspaces = {w.pk: w.slug for w in Workspace.objects.filter(pk__in=slugs)}
    return {
        "plan": plan,
        "today": today,
        "follow_ups": [
            {
                "touch": t,
                "overdue": t.follow_up_on is not None and t.follow_up_on < today,
                "url": _site(
                    reverse(
                        "outreach:touch",
                        kwargs={"partnership_id": t.partnership_id, "touch_id": t.pk},
                    )
                ),
            }
            for t in plan.follow_ups
        ],
        "action_items": [
            {
                "item": a,
                "overdue": a.due_on is not None and a.due_on < today,
                "url": _site(reverse("meetings:my-actions", args=[workspaces[a.workspace_id]]))
                if plan.user
                else "",
            }
            for a in plan.action_items
        ],
    }
