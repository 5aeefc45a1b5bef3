"""The accounts app serves no API of its own.

What the API says about the signed-in user (``GET /api/me``: her workspaces,
roles and the person her sign-in is linked to in each) is in
``convenor.workspaces.api``: it is about memberships, which accounts does not know.
"""

from __future__ import annotations

from ninja import Router

router = Router(tags=["me"])
