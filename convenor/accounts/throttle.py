"""Limits on sign-in and password-reset e-mails that slow attackers down without
locking the owner of an account out.

Failed sign-ins are counted per account (the e-mail address tried) and per client
(the address the request comes from; behind a proxy listed in
``CONVENOR_TRUSTED_PROXIES``, the address that proxy forwarded in
``X-Forwarded-For``). Three rules, each narrow enough that the right password
typed from another client always gets in:

* one client, one account: after ``SIGNIN_MAX_FAILURES`` failures in the window,
  that client may not try that account again until the window has passed;
* one account, many clients: past ``SIGNIN_MAX_FAILURES`` failures in the window,
  a client that has failed on it must wait longer after each failure (2, 4, 8 ...
  seconds, at most ``SIGNIN_MAX_DELAY``); a client that has not failed on it is
  not held back;
* one client, many accounts: past ``SIGNIN_CLIENT_MAX_FAILURES`` failures, the
  client waits the same growing delay after each failure (a slow-down, not a lock,
  since people behind one unconfigured proxy share an address).

Password-reset e-mails are limited per address (``PASSWORD_RESET_MAX`` per
``PASSWORD_RESET_WINDOW``) and per client (four times that); the page says the
same whether or not an e-mail went out, so it tells nobody which addresses exist.
Counts are stored in the database, so every web worker sees them.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from convenor.accounts.models import PasswordResetRequest, SigninFailure

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ValueError(
                f"CONVENOR_TRUSTED_PROXIES: {entry!r} is not an IP address or network"
            ) from None
    return tuple(networks)


def _trusted(address: str) -> bool:
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    if not networks:
        return False
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: HttpRequest) -> str:
    """The address of the client: ``REMOTE_ADDR``, or, when that is a trusted proxy, the
    nearest address in ``X-Forwarded-For`` that is not one (what the client itself
    wrote there, further left, is not believed)."""
    remote = str(request.META.get("REMOTE_ADDR", "") or "")
    if not _trusted(remote):
        return remote[:64] or "unknown"
    hops = [h.strip() for h in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    hops = [h for h in hops if h]
    for hop in reversed(hops):
        if not _trusted(hop):
            return hop[:64]
    return (hops[0] if hops else remote)[:64] or "unknown"


@dataclass(frozen=True)
class Verdict:
    """Whether a sign-in attempt is evaluated now; if not, how long to wait and why."""

    allowed: bool
    wait: int = 0  # seconds
    reason: str = ""


ALLOWED = Verdict(True)


def _delay(beyond: int) -> int:
    """Seconds to wait after the ``beyond``-th failure past a threshold: 2, 4, 8, ..."""
    return int(min(2 ** min(beyond + 1, 30), settings.SIGNIN_MAX_DELAY))


def _since(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(seconds=settings.SIGNIN_FAILURE_WINDOW)


def signin_verdict(*, email: str, client: str, now: dt.datetime | None = None) -> Verdict:
    """May ``client`` try to sign in to ``email`` now?"""
    now = now or timezone.now()
    email = email.lower()
    limit = settings.SIGNIN_MAX_FAILURES
    window = settings.SIGNIN_FAILURE_WINDOW
    recent = SigninFailure.objects.filter(at__gte=_since(now))
    mine = list(recent.filter(email=email, ip=client).order_by("-at").values_list("at", flat=True))
    if len(mine) >= limit:
        # Until the oldest failure that makes up the limit leaves the window.
        free_at = mine[limit - 1] + dt.timedelta(seconds=window)
        return Verdict(
            False,
            max(1, int((free_at - now).total_seconds())),
            "Too many failed sign-ins to this account from here.",
        )
    on_account = recent.filter(email=email).count()
    if mine and on_account >= limit:
        free_at = mine[0] + dt.timedelta(seconds=_delay(on_account - limit))
        if free_at > now:
            return Verdict(
                False,
                max(1, int((free_at - now).total_seconds())),
                "This account is having many failed sign-ins.",
            )
    client_limit = settings.SIGNIN_CLIENT_MAX_FAILURES
    from_client = recent.filter(ip=client)
    count = from_client.count()
    if count >= client_limit:
        last = from_client.order_by("-at").values_list("at", flat=True).first()
        if last is not None:
            free_at = last + dt.timedelta(seconds=_delay(count - client_limit))
            if free_at > now:
                return Verdict(
                    False,
                    max(1, int((free_at - now).total_seconds())),
                    "Too many failed sign-ins from here.",
                )
    return ALLOWED


def signin_failed(*, email: str, client: str) -> None:
    SigninFailure.objects.create(email=email.lower()[:254], ip=client[:64])
    SigninFailure.objects.filter(at__lt=timezone.now() - dt.timedelta(days=1)).delete()


def signin_succeeded(*, email: str, client: str) -> None:
    """Forget this client's failures on this account (others' stay counted)."""
    SigninFailure.objects.filter(email=email.lower(), ip=client).delete()


def password_reset_allowed(*, email: str, client: str, now: dt.datetime | None = None) -> bool:
    """Record a reset request; True when an e-mail may go out for it."""
    now = now or timezone.now()
    since = now - dt.timedelta(seconds=settings.PASSWORD_RESET_WINDOW)
    recent = PasswordResetRequest.objects.filter(at__gte=since)
    limit = settings.PASSWORD_RESET_MAX
    allowed = (
        recent.filter(email=email.lower(), sent=True).count() < limit
        and recent.filter(ip=client, sent=True).count() < limit * 4
    )
    PasswordResetRequest.objects.create(email=email.lower()[:254], ip=client[:64], sent=allowed)
    PasswordResetRequest.objects.filter(at__lt=now - dt.timedelta(days=1)).delete()
    return allowed


def wait_text(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = -(-seconds // 60)
    return f"{minutes} minutes"
