"""What the meetings pages share: the scoped meeting lookup and small request helpers."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from convenor.meetings import selectors
from convenor.meetings.models import Meeting
from convenor.workspaces.access import object_for
from convenor.workspaces.models import Access


def meeting_for(
    request: HttpRequest, partnership_id: int, meeting_id: int, need: Access
) -> Meeting:
    """The meeting of this partnership with everything its page shows, if ``need`` is met."""
    return object_for(
        request.user,
        selectors.meeting_page_queryset().filter(partnership_id=partnership_id),
        need=need,
        pk=meeting_id,
    )


def next_url(request: HttpRequest, default: str) -> str:
    """Where to go after a save: the ``next`` parameter when it stays on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return default
