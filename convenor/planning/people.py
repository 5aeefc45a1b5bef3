"""The workspace's people and organisations as the planning subjects read them: the
signed-in partner's own record (she votes and enters her employer's demand as it) and
the choices forms offer."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from convenor.partners.models import Organisation, Person
from convenor.partners.picker import people_of  # noqa: F401  (the planning forms import it here)
from convenor.partnerships.models import Partnership


def own_person(user: Any, workspace_id: int) -> Person | None:
    """The person record of a signed-in user in a workspace (a partner's own record)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Person.objects.filter(workspace_id=workspace_id, user=user)
        .select_related("organisation")
        .order_by("pk")
        .first()
    )


def organisations_of(partnership: Partnership) -> QuerySet[Organisation]:
    return Organisation.objects.filter(workspace_id=partnership.workspace_id)
