"""Calendars: one meeting's .ics, and a partnership's private, revocable feeds."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from convenor.meetings import selectors, services
from convenor.meetings.calendar import feed_ics, meeting_ics
from convenor.meetings.forms import CalendarFeedForm
from convenor.meetings.models import AgendaItem, CalendarFeed, Meeting
from convenor.meetings.views.common import meeting_for
from convenor.workspaces.access import PUBLIC, object_for, partnership_for, route
from convenor.workspaces.models import Access

FEED_YEARS_AHEAD = 10  # a subscription needs the next meetings, not a typing slip's


@route(get=Access.VIEW)
def meeting_ics_download(
    request: HttpRequest, partnership_id: int, meeting_id: int
) -> HttpResponse:
    meeting = meeting_for(request, partnership_id, meeting_id, Access.VIEW)
    body = meeting_ics(meeting, url=request.build_absolute_uri(meeting.get_absolute_url()))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@route(get=Access.EDIT, post=Access.EDIT)
def feeds(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    form = CalendarFeedForm(request.POST or None)
    new_url = None
    if request.method == "POST" and form.is_valid():
        _, raw = services.calendar_feed_create(
            actor=request.user, partnership=partnership, name=form.cleaned_data["name"]
        )
        new_url = request.build_absolute_uri(reverse("meetings:feed", args=[raw]))
        form = CalendarFeedForm()
    return render(
        request,
        "meetings/feeds.html",
        {
            "partnership": partnership,
            "membership": partnership.membership,
            "feeds": selectors.active_feeds(partnership).select_related("created_by"),
            "form": form,
            "new_url": new_url,
        },
        status=422 if form.errors else 200,
    )


@route(post=Access.EDIT)
def feed_revoke(request: HttpRequest, partnership_id: int, feed_id: int) -> HttpResponse:
    feed = object_for(
        request.user,
        CalendarFeed.objects.filter(partnership_id=partnership_id),
        need=Access.EDIT,
        pk=feed_id,
    )
    services.calendar_feed_revoke(actor=request.user, feed=feed)
    messages.success(request, f"Calendar URL “{feed.name}” revoked; subscribers stop updating.")
    return redirect("meetings:feeds", partnership_id=partnership_id)


@route(get=PUBLIC)
def feed(request: HttpRequest, feed_token: str) -> HttpResponse:
    """The subscription feed: calendar clients have no session, the secret URL is the key."""
    calendar_feed = services.calendar_feed_for_token(feed_token)
    if calendar_feed is None:
        raise Http404("Not found")
    partnership = calendar_feed.partnership
    now = timezone.now()
    since = now - dt.timedelta(days=365)
    # Bounded both ways: a year back, FEED_YEARS_AHEAD forward, whatever was once stored.
    until = now + dt.timedelta(days=365 * FEED_YEARS_AHEAD)
    meetings = (
        Meeting.objects.filter(partnership=partnership, ends_at__gte=since, starts_at__lte=until)
        .prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("owner"))
        )
        .order_by("starts_at")
    )
    body = feed_ics(
        partnership.name,
        meetings,
        url_for=lambda m: request.build_absolute_uri(m.get_absolute_url()),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
