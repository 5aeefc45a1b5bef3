"""Pieces shared by the API schemas of every app."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema

VERSION_HELP = "The version you read; a stale one gets 409 with the differences."


class Message(Schema):
    detail: str


class VersionIn(Schema):
    """Sent with every update: the version of the object you read."""

    version: int = Field(description=VERSION_HELP)


class FindingOut(Schema):
    """A finding (``convenor.lib.findings.Finding``): what the data shows, why it
    matters, what to do next and the toolkit passage it rests on."""

    code: str
    severity: str
    reason: str
    next_step: str
    source: str
    evidence: dict[str, Any]
