"""Pages of the outreach log, the challenges heard, due follow-ups and recruitment material.

The outreach log records what individual employers said, so partner-role users
do not see it; they see the challenge counts (how many employers, no names) and
the recruitment material, which they may use to enlist their peers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from convenor.lib.challenges import Challenge
from convenor.lib.charts import SCHEMA, styled
from convenor.lib.forms import delete_checked, form_status, save_form
from convenor.lib.palette import EMPLOYER
from convenor.outreach import recruitment, selectors, services
from convenor.outreach.forms import PointOfContactForm, RecruitmentForm, TouchForm
from convenor.outreach.models import Method, RecruitmentMaterial, Touch
from convenor.partners.models import Category, Organisation, PartnershipMember
from convenor.partnerships.models import Partnership
from convenor.workspaces.access import (
    membership_of,
    object_for,
    partnership_for,
    route,
    workspace_for,
)
from convenor.workspaces.models import Access, Membership, Role

PAGE_SIZE = 25
ALL = "all"  # the partner_category of the general handout


def _touch(request: HttpRequest, partnership: Partnership, touch_id: int, need: Access) -> Touch:
    return object_for(
        request.user,
        Touch.objects.filter(partnership=partnership).select_related("follow_up_owner"),
        need=need,
        pk=touch_id,
    )


@route(get=Access.TEAM)
def touch_list(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.TEAM)
    method = request.GET.get("method", "")
    method = method if method in Method.values else ""
    challenge = request.GET.get("challenge", "")
    challenge = challenge if challenge in Challenge.values else ""
    qs = selectors.touches_of(partnership, method=method, challenge=challenge)
    query = "&".join(f"{k}={v}" for k, v in (("method", method), ("challenge", challenge)) if v)
    return render(
        request,
        "outreach/touches.html",
        {
            "partnership": partnership,
            "membership": partnership.membership,
            "page": Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")),
            "method": method,
            "challenge": challenge,
            "methods": Method.choices,
            "challenges": Challenge.choices,
            "query_string": query,
            "follow_ups": selectors.follow_up_summary(partnership),
        },
    )


@route(get=Access.EDIT, post=Access.EDIT)
def touch_create(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    initial: dict = {"occurred_on": timezone.localdate(), "method": Method.ONE_ON_ONE}
    if request.GET.get("person", "").isdigit():
        initial["people"] = [request.GET["person"]]
    form = TouchForm(
        request.POST or None,
        partnership=partnership,
        initial=initial,
        query=request.GET.get("q", "").strip(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        touch = save_form(
            form,
            lambda: services.touch_create(
                actor=request.user,
                partnership=partnership,
                occurred_on=data["occurred_on"],
                method=data["method"],
                people=data["people"],
                organisations=data["organisations"],
                purpose=data["purpose"],
                by_organisation=data["by_organisation"],
                heard=data["heard"],
                pain_level=data["pain_level"],
                challenges=data["challenges"],
                follow_up_on=data["follow_up_on"],
                follow_up_owner=data["follow_up_owner"],
                advance_pipeline=data["advance_pipeline"],
            ),
        )
        if touch:
            messages.success(request, f"{touch} logged.")
            return redirect("outreach:touches", partnership_id=partnership.pk)
    return render(
        request,
        "outreach/touch_form.html",
        {"form": form, "partnership": partnership, "membership": partnership.membership},
        status=422 if form.errors else 200,
    )


@route(get=Access.TEAM, post=Access.EDIT)
def touch_detail(request: HttpRequest, partnership_id: int, touch_id: int) -> HttpResponse:
    need = Access.EDIT if request.method == "POST" else Access.TEAM
    partnership = partnership_for(request.user, partnership_id, need)
    touch = _touch(request, partnership, touch_id, need)
    form = None
    if partnership.membership.can_edit:
        form = TouchForm(
            request.POST or None,
            instance=touch,
            partnership=partnership,
            query=request.GET.get("q", "").strip(),
        )
        if request.method == "POST" and form.is_valid():
            saved = save_form(
                form,
                lambda: services.touch_update(
                    actor=request.user,
                    touch=touch,
                    changes=form.changes(),
                    expected_version=form.expected_version,
                ),
            )
            if saved:
                messages.success(request, "Saved.")
                return redirect("outreach:touch", partnership_id=partnership.pk, touch_id=saved.pk)
    status = 200 if form is None else form_status(form)
    return render(
        request,
        "outreach/touch_detail.html",
        {
            "partnership": partnership,
            "membership": partnership.membership,
            "touch": touch,
            "people": touch.people.select_related("organisation"),
            "organisations": touch.organisations.all(),
            "form": form,
        },
        status=status,
    )


@route(get=Access.EDIT, post=Access.EDIT)
def touch_delete(request: HttpRequest, partnership_id: int, touch_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    touch = _touch(request, partnership, touch_id, Access.EDIT)
    if request.method == "POST":
        if not delete_checked(
            request,
            lambda version: services.touch_delete(
                actor=request.user, touch=touch, expected_version=version
            ),
            done=f"{touch} deleted.",
        ):
            return redirect("outreach:touch", partnership_id=partnership.pk, touch_id=touch.pk)
        return redirect("outreach:touches", partnership_id=partnership.pk)
    return render(
        request,
        "outreach/touch_delete.html",
        {"partnership": partnership, "membership": partnership.membership, "touch": touch},
    )


@route(post=Access.EDIT)
def follow_up_done(request: HttpRequest, partnership_id: int, touch_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    touch = _touch(request, partnership, touch_id, Access.EDIT)
    services.follow_up_done(actor=request.user, touch=touch)
    messages.success(request, f"Follow-up of {touch} done.")
    back = request.POST.get("next", "")
    if back.startswith(("/w/", "/p/")):
        return redirect(back)
    return redirect("outreach:touches", partnership_id=partnership.pk)


def challenges_chart(counts: list[selectors.ChallengeCount]) -> dict[str, Any]:
    """Distinct employers raising each challenge: bars in the employers' colour."""
    return styled(
        {
            "$schema": SCHEMA,
            "description": "Distinct employers raising each challenge",
            "width": "container",
            "height": {"step": 22},
            "data": {
                "values": [
                    {"challenge": c.label, "employers": c.employers, "touches": c.touches}
                    for c in counts
                ]
            },
            "mark": {"type": "bar", "tooltip": True},
            "encoding": {
                "y": {"field": "challenge", "type": "nominal", "sort": "-x", "title": None},
                "x": {
                    "field": "employers",
                    "type": "quantitative",
                    "title": "Distinct employers",
                    "axis": {"tickMinStep": 1, "format": "d"},
                },
                "color": {"value": EMPLOYER},
                "tooltip": [
                    {"field": "challenge", "title": "Challenge"},
                    {"field": "employers", "title": "Distinct employers"},
                    {"field": "touches", "title": "Touches"},
                ],
            },
        }
    )


@route(get=Access.VIEW)
def challenges_heard(request: HttpRequest, partnership_id: int) -> HttpResponse:
    """Per challenge, how many distinct employers raised it (names for the convener only)."""
    partnership = partnership_for(request.user, partnership_id, Access.VIEW)
    is_partner = not partnership.membership.on_team
    counts = selectors.challenge_counts(partnership, with_names=not is_partner)
    spec = None
    if counts:
        spec = challenges_chart(counts)
    return render(
        request,
        "outreach/challenges.html",
        {
            "partnership": partnership,
            "membership": partnership.membership,
            "counts": counts,
            "is_partner": is_partner,
            "spec": spec,
        },
    )


@route(get=Access.EDIT)
def follow_ups(request: HttpRequest, slug: str) -> HttpResponse:
    """Due follow-ups of the signed-in user (or of another staff member, to cover for them)."""
    membership = workspace_for(request.user, slug, need=Access.EDIT)
    owners = list(
        Membership.objects.filter(workspace=membership.workspace, role__in=[Role.OWNER, Role.STAFF])
        .select_related("user")
        .order_by("user__name", "user__email")
    )
    owner = request.user
    wanted = request.GET.get("owner", "")
    if wanted.isdigit():
        match = [m.user for m in owners if m.user_id == int(wanted)]
        if not match:
            raise Http404("Not found")
        owner = match[0]
    today = timezone.localdate()
    touches = list(selectors.due_follow_ups(membership.workspace, owner, today=today))
    # due_follow_ups reads only touches with a follow-up date
    due = [(t, t.follow_up_on) for t in touches if t.follow_up_on is not None]
    week = today + dt.timedelta(days=7)
    groups = [
        ("Overdue", [t for t, on in due if on < today]),
        ("Today", [t for t, on in due if on == today]),
        ("Next 7 days", [t for t, on in due if today < on <= week]),
        ("Later in the next two weeks", [t for t, on in due if on > week]),
    ]
    return render(
        request,
        "outreach/follow_ups.html",
        {
            "membership": membership,
            "workspace": membership.workspace,
            "owner": owner,
            "owners": owners,
            "groups": groups,
            "total": len(touches),
            "today": today,
            "coordination": selectors.coordination_in_workspace(
                membership.workspace_id, today=today
            ),
        },
    )


# --- Recruitment material ----------------------------------------------------------------


def _category(partner_category: str) -> str:
    if partner_category == ALL:
        return ""
    if partner_category not in Category.values:
        raise Http404("Not found")
    return partner_category


@route(get=Access.VIEW)
def recruitment_index(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.VIEW)
    stored = {r.category: r for r in RecruitmentMaterial.objects.filter(partnership=partnership)}
    rows = [
        {"slug": ALL, "label": "All partners (general)", "stored": stored.get("")},
        *[
            {"slug": value, "label": label, "stored": stored.get(value)}
            for value, label in Category.choices
        ],
    ]
    return render(
        request,
        "outreach/recruitment_index.html",
        {"partnership": partnership, "membership": partnership.membership, "rows": rows},
    )


@route(get=Access.VIEW)
def recruitment_handout(
    request: HttpRequest, partnership_id: int, partner_category: str
) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.VIEW)
    category = _category(partner_category)
    context = {
        "partnership": partnership,
        "membership": partnership.membership,
        "partner_category": partner_category,
        **recruitment.handout(partnership, category),
    }
    return _handout_response(request, context)


def _handout_response(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    """The handout page, or with ``?format=pdf`` the same handout as a PDF download."""
    if request.GET.get("format") != "pdf":
        return render(request, "outreach/handout.html", context)
    member = context.get("member")
    label = member.display_name if member else context["material"].category_label
    response = HttpResponse(recruitment.handout_pdf(context), content_type="application/pdf")
    filename = recruitment.handout_filename(context["partnership"], label)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@route(get=Access.TEAM)
def recruitment_member(request: HttpRequest, partnership_id: int, member_id: int) -> HttpResponse:
    """The handout for one partner: their category's texts, addressed to them."""
    partnership = partnership_for(request.user, partnership_id, Access.TEAM)
    member = object_for(
        request.user,
        PartnershipMember.objects.filter(partnership=partnership).select_related(
            "organisation", "person", "person__organisation"
        ),
        need=Access.TEAM,
        pk=member_id,
    )
    category = member.category
    context = {
        "partnership": partnership,
        "membership": partnership.membership,
        "partner_category": category or ALL,
        **recruitment.handout(partnership, category, member=member),
    }
    return _handout_response(request, context)


@route(get=Access.EDIT, post=Access.EDIT)
def recruitment_edit(
    request: HttpRequest, partnership_id: int, partner_category: str
) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    category = _category(partner_category)
    material = recruitment.material_for(partnership, category)
    instance = material.stored or RecruitmentMaterial(
        workspace_id=partnership.workspace_id, partnership=partnership, category=category
    )
    initial = None
    if material.stored is None:
        initial = {
            "purpose": material.purpose,
            "benefits": "\n".join(material.benefits),
            "roles": "\n".join(material.roles),
            "contact": "" if material.contact == partnership.workspace.name else material.contact,
        }
    form = RecruitmentForm(request.POST or None, instance=instance, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = save_form(
            form,
            lambda: services.recruitment_save(
                actor=request.user,
                partnership=partnership,
                category=category,
                expected_version=form.expected_version if material.stored else None,
                **form.changes(),
            ),
        )
        if saved:
            messages.success(request, "Recruitment material saved.")
            return redirect(
                "outreach:recruitment-handout",
                partnership_id=partnership.pk,
                partner_category=partner_category,
            )
    return render(
        request,
        "outreach/recruitment_form.html",
        {
            "partnership": partnership,
            "membership": partnership.membership,
            "form": form,
            "material": material,
            "partner_category": partner_category,
        },
        status=form_status(form),
    )


# --- one voice to employers ------------------------------------------------------------------


@route(get=Access.EDIT, post=Access.EDIT)
def point_of_contact(request: HttpRequest, slug: str, organisation_id: int) -> HttpResponse:
    """Name the person at a partner organisation who coordinates asks to this employer."""
    organisation = object_for(
        request.user,
        Organisation.objects.filter(workspace__slug=slug).select_related("workspace"),
        need=Access.EDIT,
        pk=organisation_id,
    )
    if not organisation.is_employer:
        raise Http404("Not found")
    current = getattr(organisation, "point_of_contact", None)
    form = PointOfContactForm(
        request.POST or None,
        employer=organisation,
        initial={"person": current.person_id, "notes": current.notes, "version": current.version}
        if current
        else {"version": 0},
    )
    if request.method == "POST" and form.is_valid():
        done = save_form(
            form,
            lambda: (
                services.point_of_contact_set(
                    actor=request.user,
                    employer=organisation,
                    person=form.cleaned_data["person"],
                    notes=form.cleaned_data["notes"],
                    expected_version=form.cleaned_data["version"],
                )
                or True
            ),
        )
        if done is not None:
            messages.success(request, "Point of contact saved.")
            return redirect("partners:organisation", slug=slug, organisation_id=organisation.pk)
    return render(
        request,
        "outreach/point_of_contact.html",
        {
            "form": form,
            "organisation": organisation,
            "workspace": organisation.workspace,
            "membership": membership_of(organisation),
        },
        status=form_status(form),
    )
