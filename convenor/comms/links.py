"""Signed links that work without signing in: RSVPs, unsubscribes and per-person input.

A link carries its own proof (``django.core.signing``: the payload, a timestamp and
an HMAC over them with the installation's secret key), so no password is needed
and nothing in the URL can be changed without breaking the signature. Each kind
of link has its own salt: an RSVP link cannot be replayed as an unsubscribe.

Revocation lives in the database where a link must be revocable (``InputLink``);
the signature only proves the payload was issued here and when.
"""

from __future__ import annotations

import enum
from typing import Any

from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

SALT = "convenor.comms.{}"


class Kind(enum.StrEnum):
    RSVP = "rsvp"
    UNSUBSCRIBE = "unsubscribe"
    INPUT = "input"


class LinkRefused(Exception):
    """A link that is tampered with, expired or revoked; ``reason`` is shown as is."""

    def __init__(self, reason: str, *, status: int = 400) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


TAMPERED = (
    "This link is not valid: it was changed or cut short on the way. Open it again from "
    "the e-mail, or ask the convener's staff for a new one."
)
EXPIRED = "This link has expired. Ask the convener's staff for a new one."


def sign(kind: Kind, payload: dict[str, Any]) -> str:
    return signing.dumps(payload, salt=SALT.format(kind.value), compress=True)


def unsign(kind: Kind, token: str, *, max_age: int) -> dict[str, Any]:
    """The payload of a link issued here within ``max_age`` seconds, or ``LinkRefused``."""
    try:
        payload = signing.loads(token, salt=SALT.format(kind.value), max_age=max_age)
    except signing.SignatureExpired:
        raise LinkRefused(EXPIRED, status=410) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise LinkRefused(TAMPERED) from None
    if not isinstance(payload, dict):
        raise LinkRefused(TAMPERED)
    return payload


def refused_page(request: HttpRequest, refusal: LinkRefused) -> HttpResponse:
    """The plain page a refused link gets: what is wrong, nothing recorded."""
    return render(
        request,
        "comms/link_refused.html",
        {"reason": refusal.reason},
        status=refusal.status,
    )
