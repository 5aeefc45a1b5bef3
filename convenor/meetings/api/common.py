"""What the meetings API operations share: scoped lookups of meetings, registry people
and objects of a partnership, each refusing a foreign id like a missing one."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field

from convenor.lib.schemas import VERSION_HELP
from convenor.meetings import selectors
from convenor.meetings.models import Meeting
from convenor.partners.models import Person
from convenor.partnerships.models import Partnership
from convenor.workspaces.access import object_for
from convenor.workspaces.models import Access

VERSION = Field(description=VERSION_HELP)


def meeting_for(request: HttpRequest, meeting_id: int, need: Access = Access.VIEW) -> Meeting:
    return object_for(request.user, selectors.meeting_page_queryset(), need=need, pk=meeting_id)


def people_in(workspace_id: int, ids: list[int], field: str) -> list[Person]:
    """The registry people ``ids`` of this workspace; an id of another workspace is refused
    exactly like one that does not exist."""
    ids = list(dict.fromkeys(ids))
    people = list(selectors.people_of(workspace_id).filter(pk__in=ids))
    if len(people) != len(ids):
        found = {p.pk for p in people}
        missing = [i for i in ids if i not in found]
        raise ValidationError({field: f"No person {missing[0]} in this workspace's registry."})
    return people


def person_in(workspace_id: int, person_id: int | None, field: str) -> Person | None:
    return people_in(workspace_id, [person_id], field)[0] if person_id is not None else None


def in_partnership(model: Any, partnership: Partnership, pk: int | None, field: str) -> Any:
    """An object of this partnership by id; one of another partnership is refused by name."""
    if pk is None:
        return None
    obj = model._default_manager.filter(workspace_id=partnership.workspace_id, pk=pk).first()
    if obj is None:
        raise ValidationError({field: f"No {field.removesuffix('_id')} {pk} here."})
    if obj.partnership_id != partnership.pk:
        raise ValidationError(
            {field: f"That {field.removesuffix('_id')} belongs to another partnership."}
        )
    return obj
