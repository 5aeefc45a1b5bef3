"""Pieces shared by the API schemas of every app."""

from __future__ import annotations

from ninja import Schema


class Message(Schema):
    detail: str


class VersionIn(Schema):
    """Sent with every update: the version of the object you read."""

    version: int
