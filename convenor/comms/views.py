"""Pages of communications: updates (compose, preview, send), input links, the pulse
request; and the signed-link pages that need no sign-in (unsubscribe, input)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from convenor.comms import selectors, services
from convenor.comms.forms import InputLinkForm, PulseForm, UpdateForm
from convenor.comms.links import LinkRefused, refused_page
from convenor.comms.mail import markdown_html
from convenor.comms.models import InputLink, PulseAnswer, Update
from convenor.lib.forms import form_status, save_form
from convenor.lib.words import counted
from convenor.meetings.models import Meeting
from convenor.planning.demand.forms import ProjectionForm
from convenor.planning.demand.selectors import pooled_demand
from convenor.planning.demand.services import projection_create
from convenor.planning.issues.services import ballot_cast
from convenor.planning.issues.views import RATING_CHOICES, _ballot_rows, _ballot_values
from convenor.planning.models import HiringProjection, Rating
from convenor.workspaces.access import PUBLIC, child_or_404, object_for, partnership_for, route
from convenor.workspaces.models import Access


def _ctx(partnership: Any, **extra: Any) -> dict[str, Any]:
    return {"partnership": partnership, "membership": partnership.membership, **extra}


def _update(request: HttpRequest, partnership_id: int, update_id: int, need: Access) -> Update:
    return object_for(
        request.user,
        selectors.update_detail_queryset().filter(partnership_id=partnership_id),
        need=need,
        pk=update_id,
    )


# --- updates ------------------------------------------------------------------------------


@route(get=Access.TEAM)
def updates(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.TEAM)
    return render(
        request,
        "comms/updates.html",
        _ctx(partnership, updates=selectors.updates_of(partnership)),
    )


@route(get=Access.EDIT, post=Access.EDIT)
def update_create(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    form = UpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        update = save_form(
            form,
            lambda: services.update_create(
                actor=request.user, partnership=partnership, **form.changes()
            ),
        )
        if update is not None:
            messages.success(
                request, "Draft saved: check the preview and the recipients, then send."
            )
            return redirect("comms:update", partnership_id=partnership.pk, update_id=update.pk)
    return render(
        request,
        "comms/update_form.html",
        _ctx(partnership, form=form, update=None),
        status=form_status(form),
    )


@route(get=Access.EDIT, post=Access.EDIT)
def update_edit(request: HttpRequest, partnership_id: int, update_id: int) -> HttpResponse:
    update = _update(request, partnership_id, update_id, Access.EDIT)
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    form = UpdateForm(request.POST or None, instance=update)
    if request.method == "POST" and form.is_valid():
        done = save_form(
            form,
            lambda: services.update_edit(
                actor=request.user,
                update=update,
                changes=form.changes(),
                expected_version=form.expected_version,
            ),
        )
        if done is not None:
            return redirect("comms:update", partnership_id=partnership.pk, update_id=update.pk)
    return render(
        request,
        "comms/update_form.html",
        _ctx(partnership, form=form, update=update),
        status=form_status(form),
    )


@route(get=Access.TEAM)
def update_detail(request: HttpRequest, partnership_id: int, update_id: int) -> HttpResponse:
    """The preview (HTML as the recipients see it) and who it reaches, or reached."""
    update = _update(request, partnership_id, update_id, Access.TEAM)
    partnership = partnership_for(request.user, partnership_id, Access.TEAM)
    plan = selectors.audience(update) if update.status == Update.Status.DRAFT else None
    return render(
        request,
        "comms/update_detail.html",
        _ctx(
            partnership,
            update=update,
            html_body=markdown_html(update.body),
            plan=plan,
            recipients=list(update.recipients.all()),
        ),
    )


@route(post=Access.EDIT)
def update_send(request: HttpRequest, partnership_id: int, update_id: int) -> HttpResponse:
    update = _update(request, partnership_id, update_id, Access.EDIT)
    try:
        plan = services.update_send(actor=request.user, update=update)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            f"The update is on its way to {counted(len(plan.send), 'recipient')}; each delivery is "
            "logged as an e-mail touch.",
        )
    return redirect("comms:update", partnership_id=partnership_id, update_id=update.pk)


# --- input links --------------------------------------------------------------------------


@route(get=Access.EDIT, post=Access.EDIT)
def links(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    form = InputLinkForm(request.POST or None, partnership=partnership)
    new_url = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        link = save_form(
            form,
            lambda: services.input_link_create(
                actor=request.user,
                partnership=partnership,
                person=data["person"],
                purpose=data["purpose"],
                round=data.get("round"),
                meeting=data.get("meeting"),
                send=data.get("send", False),
            ),
        )
        if link is not None:
            new_url = services.input_link_url(link)
            form = InputLinkForm(partnership=partnership)
    return render(
        request,
        "comms/links.html",
        _ctx(
            partnership,
            form=form,
            links=selectors.links_of(partnership)[:200],
            new_url=new_url,
        ),
        status=form_status(form),
    )


@route(post=Access.EDIT)
def link_revoke(request: HttpRequest, partnership_id: int, input_link_id: int) -> HttpResponse:
    link = object_for(
        request.user,
        InputLink.objects.filter(partnership_id=partnership_id).select_related("person"),
        need=Access.EDIT,
        pk=input_link_id,
    )
    services.input_link_revoke(actor=request.user, link=link)
    messages.success(request, f"The link of {link.person.name} is withdrawn.")
    return redirect("comms:links", partnership_id=partnership_id)


@route(post=Access.EDIT)
def pulse_request(request: HttpRequest, partnership_id: int, meeting_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    meeting = child_or_404(Meeting.objects.filter(partnership=partnership), pk=meeting_id)
    try:
        sent = services.pulse_request(actor=request.user, meeting=meeting)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, f"The pulse question is on its way to {counted(len(sent), 'participant')}."
        )
    return redirect(meeting)


# --- signed-link pages: no sign-in ---------------------------------------------------------------


@route(get=PUBLIC, post=PUBLIC)
def unsubscribe(request: HttpRequest, unsubscribe_token: str) -> HttpResponse:
    """GET asks (mail scanners follow links; only the button records), POST stops."""
    try:
        workspace_id, email = services.unsubscribe_target(unsubscribe_token)
    except LinkRefused as refusal:
        return refused_page(request, refusal)
    done = None
    if request.method == "POST":
        done = services.unsubscribe(workspace_id=workspace_id, email=email)
    return render(
        request,
        "comms/unsubscribe.html",
        {
            "email": email,
            "done": done,
            "already": selectors.is_unsubscribed(workspace_id, email) and done is None,
        },
    )


@route(get=PUBLIC, post=PUBLIC)
def input_page(request: HttpRequest, input_token: str) -> HttpResponse:
    try:
        link = services.input_link_for_token(input_token)
    except LinkRefused as refusal:
        return refused_page(request, refusal)
    if link.purpose == InputLink.Purpose.BALLOT:
        return _ballot(request, link, input_token)
    if link.purpose == InputLink.Purpose.PROJECTIONS:
        return _projections(request, link, input_token)
    return _pulse(request, link, input_token)


def _action(token: str) -> str:
    return reverse("comms:input", kwargs={"input_token": token})


def _ballot(request: HttpRequest, link: InputLink, token: str) -> HttpResponse:
    """The same ballot as a signed-in partner's, counted by the same rules (``ballot_cast``)."""
    rnd = link.round
    assert rnd is not None
    issues = list(rnd.issues.all())
    mine = {r.issue_id: r for r in Rating.objects.filter(round=rnd, person=link.person)}
    values: dict[int, tuple[Any, Any]] = {k: (r.importance, r.feasibility) for k, r in mine.items()}
    errors: list[str] = []
    recorded = False
    if request.method == "POST":
        values = _ballot_values(request.POST, issues)
        try:
            ballot_cast(actor=None, round=rnd, person=link.person, ratings=values)
        except ValidationError as exc:
            errors = exc.messages
        else:
            services.input_link_used(link, f"rated the issues of “{rnd.title}”")
            recorded = True
        rnd.refresh_from_db()
    ballot = {
        "round": rnd,
        "rows": _ballot_rows(issues, values),
        "choices": RATING_CHOICES,
        "errors": errors,
        "saved": recorded,
        "person": link.person,
        "voted": bool(mine) or recorded,
        "action": _action(token),
    }
    return render(
        request,
        "comms/input_ballot.html",
        {"link": link, "ballot": ballot},
        status=422 if errors else 200,
    )


def _projections(request: HttpRequest, link: InputLink, token: str) -> HttpResponse:
    """The employer's own rows and the pooled figures, under the same disclosure rule."""
    organisation = link.person.organisation
    partnership = link.partnership
    if organisation is None or not organisation.is_employer:
        return refused_page(
            request,
            LinkRefused(
                f"{link.person.name} is not recorded at an employer: hiring projections come "
                "from employer partners. Ask the convener's staff to correct the record.",
                status=409,
            ),
        )
    form = ProjectionForm(request.POST or None, partnership=partnership, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        row = save_form(
            form,
            lambda: projection_create(
                actor=None,
                partnership=partnership,
                **{**form.changes(), "organisation": organisation},
            ),
        )
        if row is not None:
            services.input_link_used(
                link, f"entered a hiring projection for {row.occupation_title}"
            )
            messages.success(request, f"Projection for {row.occupation_title} recorded.")
            return redirect(_action(token))
    pooled = pooled_demand(partnership)
    return render(
        request,
        "comms/input_projections.html",
        {
            "link": link,
            "form": form,
            "organisation": organisation,
            "rows": HiringProjection.objects.filter(
                partnership=partnership, organisation=organisation
            ),
            "pooled": pooled,
        },
        status=form_status(form),
    )


def _pulse(request: HttpRequest, link: InputLink, token: str) -> HttpResponse:
    existing = PulseAnswer.objects.filter(meeting=link.meeting, person=link.person).first()
    initial = {"score": existing.score, "comment": existing.comment} if existing else None
    form = PulseForm(request.POST or None, initial=initial)
    saved = None
    if request.method == "POST" and form.is_valid():
        saved = save_form(
            form,
            lambda: services.pulse_answer(
                link=link,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data.get("comment", ""),
            ),
        )
    return render(
        request,
        "comms/input_pulse.html",
        {"link": link, "form": form, "saved": saved, "existing": existing},
        status=form_status(form),
    )
