"""Writes for a partnership's private calendar feeds (subscription URLs)."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any, cast

from django.utils import timezone

from convenor.accounts.models import hash_token
from convenor.audit import services as audit
from convenor.meetings.models import CalendarFeed
from convenor.partnerships.models import Partnership

FEED_PREFIX = "cal_"


def calendar_feed_create(
    *, actor: Any, partnership: Partnership, name: str
) -> tuple[CalendarFeed, str]:
    """A new private feed URL secret; returns it raw once, only its hash is kept."""
    raw = FEED_PREFIX + secrets.token_urlsafe(32)
    feed = CalendarFeed(
        workspace_id=partnership.workspace_id,
        partnership=partnership,
        name=name.strip() or "Calendar",
        prefix=raw[:10],
        key_hash=hash_token(raw),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.create(actor=actor, instance=feed)
    return feed, raw


def calendar_feed_revoke(*, actor: Any, feed: CalendarFeed) -> CalendarFeed:
    if feed.revoked_at is not None:
        return feed
    return cast(
        CalendarFeed,
        audit.update(
            actor=actor,
            instance=feed,
            changes={"revoked_at": timezone.now()},
            expected_version=None,
            note="calendar feed revoked",
        ),
    )


def calendar_feed_for_token(raw: str) -> CalendarFeed | None:
    """The active feed a subscription URL names, or None (wrong, malformed or revoked)."""
    if not raw.startswith(FEED_PREFIX) or len(raw) > 100:
        return None
    feed = (
        CalendarFeed.objects.select_related("partnership")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    if feed is not None:
        now = timezone.now()
        if feed.last_used_at is None or now - feed.last_used_at > dt.timedelta(hours=1):
            # A usage stamp, not an edit: no version bump, no audit entry per poll.
            CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
    return feed
