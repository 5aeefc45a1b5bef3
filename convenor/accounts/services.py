"""Writes for accounts: users and API tokens (sign-in limits: ``throttle``)."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from convenor.accounts.models import ApiToken, User, hash_token
from convenor.audit import services as audit

TOKEN_PREFIX = "cvn_"  # noqa: S105 - a public prefix, not a secret


def user_create(*, email: str, password: str | None, name: str = "") -> User:
    with transaction.atomic():
        user = User.objects.create_user(email=email, password=password, name=name)
        audit.record(actor=user, instance=user, action="create", changes={"email": [None, email]})
    return user


def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; returns it with the raw secret, which is never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name.strip() or "token", prefix=raw[:10], key_hash=hash_token(raw)
        )
        audit.record(
            actor=user,
            instance=token,
            action="create",
            changes={"name": [None, token.name]},
            workspace_id=None,
        )
    return token, raw


def token_revoke(*, user: User, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor=user, instance=token, action="event", note="token revoked")
    return token


def token_authenticate(raw: str) -> User | None:
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
