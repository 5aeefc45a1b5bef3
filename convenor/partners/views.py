"""Pages of the workspace's partner registry: organisations, people, relationships, network.

The registry holds contact details, so partner-role users never reach it
(``workspace_for`` refuses them); they see a shared partnership's members instead.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from convenor.lib.forms import delete_checked, drawn_version, form_status, save_form
from convenor.outreach.selectors import touches_of_person
from convenor.partners import network, selectors, services
from convenor.partners.forms import (
    OrganisationForm,
    PersonForm,
    RelationshipEditForm,
    RelationshipForm,
)
from convenor.partners.models import TRAITS, Category, Organisation, Person, Relationship
from convenor.workspaces.access import object_for, route, workspace_for
from convenor.workspaces.models import Access

PAGE_SIZE = 50


def _page(request: HttpRequest, qs, size: int = PAGE_SIZE):
    return Paginator(qs, size).get_page(request.GET.get("page"))


def _query_string(request: HttpRequest, *keys: str) -> str:
    return urlencode({k: request.GET[k] for k in keys if request.GET.get(k)})


# --- Organisations -------------------------------------------------------------


@route(get=Access.VIEW)
def organisation_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = workspace_for(request.user, slug)
    query = request.GET.get("q", "").strip()
    category = request.GET.get("category", "")
    if category not in Category.values:
        category = ""
    qs = selectors.organisations_in(membership.workspace, query=query, category=category)
    return render(
        request,
        "partners/organisations.html",
        {
            "membership": membership,
            "workspace": membership.workspace,
            "page": _page(request, qs),
            "query": query,
            "category": category,
            "categories": Category.choices,
            "query_string": _query_string(request, "q", "category"),
        },
    )


@route(get=Access.EDIT, post=Access.EDIT)
def organisation_create(request: HttpRequest, slug: str) -> HttpResponse:
    membership = workspace_for(request.user, slug, need=Access.EDIT)
    form = OrganisationForm(request.POST or None, workspace=membership.workspace)
    if request.method == "POST" and form.is_valid():
        organisation = save_form(
            form,
            lambda: services.organisation_create(
                actor=request.user, workspace=membership.workspace, **form.changes()
            ),
        )
        if organisation:
            messages.success(request, f"Organisation “{organisation}” added.")
            return redirect("partners:organisation", slug=slug, organisation_id=organisation.pk)
    return render(
        request,
        "partners/organisation_form.html",
        {"form": form, "membership": membership, "workspace": membership.workspace},
        status=422 if form.errors else 200,
    )


def _organisation(request: HttpRequest, slug: str, organisation_id: int, need: Access):
    membership = workspace_for(request.user, slug, need=need)
    return object_for(
        request.user,
        Organisation.objects.filter(workspace=membership.workspace).select_related("workspace"),
        need=need,
        pk=organisation_id,
    )


@route(get=Access.VIEW)
def organisation_detail(request: HttpRequest, slug: str, organisation_id: int) -> HttpResponse:
    organisation = _organisation(request, slug, organisation_id, Access.VIEW)
    people = organisation.people.order_by("name")
    return render(
        request,
        "partners/organisation_detail.html",
        {
            "organisation": organisation,
            "membership": organisation.membership,
            "workspace": organisation.workspace,
            "people": _page(request, people),
            "memberships": selectors.memberships_of_organisation(organisation)[:100],
            "ties": selectors.ties_of(organisation, slug=slug),
        },
    )


@route(get=Access.EDIT, post=Access.EDIT)
def organisation_edit(request: HttpRequest, slug: str, organisation_id: int) -> HttpResponse:
    organisation = _organisation(request, slug, organisation_id, Access.EDIT)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        saved = save_form(
            form,
            lambda: services.organisation_update(
                actor=request.user,
                organisation=organisation,
                changes=form.changes(),
                expected_version=form.expected_version,
            ),
        )
        if saved:
            messages.success(request, "Saved.")
            return redirect("partners:organisation", slug=slug, organisation_id=saved.pk)
    return render(
        request,
        "partners/organisation_form.html",
        {
            "form": form,
            "organisation": organisation,
            "membership": organisation.membership,
            "workspace": organisation.workspace,
        },
        status=form_status(form),
    )


@route(get=Access.EDIT, post=Access.EDIT)
def organisation_delete(request: HttpRequest, slug: str, organisation_id: int) -> HttpResponse:
    organisation = _organisation(request, slug, organisation_id, Access.EDIT)
    if request.method == "POST":
        if not delete_checked(
            request,
            lambda version: services.organisation_delete(
                actor=request.user, organisation=organisation, expected_version=version
            ),
            done=f"“{organisation}” deleted.",
        ):
            return redirect("partners:organisation", slug=slug, organisation_id=organisation.pk)
        return redirect("partners:organisations", slug=slug)
    return render(
        request,
        "partners/confirm_delete.html",
        {
            "object": organisation,
            "version": drawn_version(request, organisation),
            "membership": organisation.membership,
            "workspace": organisation.workspace,
            "consequence": "Its memberships in partnerships are removed; its people stay in the "
            "registry without an organisation.",
            "cancel_url": reverse(
                "partners:organisation", kwargs={"slug": slug, "organisation_id": organisation.pk}
            ),
        },
    )


# --- People ----------------------------------------------------------------------


@route(get=Access.VIEW)
def person_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = workspace_for(request.user, slug)
    query = request.GET.get("q", "").strip()
    category = request.GET.get("category", "")
    if category not in Category.values:
        category = ""
    trait = request.GET.get("trait", "")
    if trait not in {name for name, _, _ in TRAITS}:
        trait = ""
    qs = selectors.people_in(membership.workspace, query=query, category=category, trait=trait)
    return render(
        request,
        "partners/people.html",
        {
            "membership": membership,
            "workspace": membership.workspace,
            "page": _page(request, qs),
            "query": query,
            "category": category,
            "trait": trait,
            "categories": Category.choices,
            "traits": [(name, label) for name, label, _ in TRAITS],
            "query_string": _query_string(request, "q", "category", "trait"),
        },
    )


@route(get=Access.EDIT, post=Access.EDIT)
def person_create(request: HttpRequest, slug: str) -> HttpResponse:
    membership = workspace_for(request.user, slug, need=Access.EDIT)
    initial = {}
    if request.GET.get("organisation", "").isdigit():
        initial["organisation"] = request.GET["organisation"]
    form = PersonForm(
        request.POST or None,
        workspace=membership.workspace,
        initial=initial,
        query=request.GET.get("q", "").strip(),
    )
    if request.method == "POST" and form.is_valid():
        person = save_form(
            form,
            lambda: services.person_create(
                actor=request.user, workspace=membership.workspace, **form.changes()
            ),
        )
        if person:
            messages.success(request, f"{person} added.")
            return redirect("partners:person", slug=slug, person_id=person.pk)
    return render(
        request,
        "partners/person_form.html",
        {"form": form, "membership": membership, "workspace": membership.workspace},
        status=422 if form.errors else 200,
    )


def _person(request: HttpRequest, slug: str, person_id: int, need: Access) -> Person:
    membership = workspace_for(request.user, slug, need=need)
    return object_for(
        request.user,
        Person.objects.filter(workspace=membership.workspace).select_related(
            "workspace", "organisation"
        ),
        need=need,
        pk=person_id,
    )


@route(get=Access.VIEW)
def person_detail(request: HttpRequest, slug: str, person_id: int) -> HttpResponse:

    person = _person(request, slug, person_id, Access.VIEW)
    return render(
        request,
        "partners/person_detail.html",
        {
            "person": person,
            "membership": person.membership,
            "workspace": person.workspace,
            "memberships": selectors.memberships_of_person(person),
            "ties": selectors.ties_of(person, slug=slug),
            "touches": _page(request, touches_of_person(person), size=20),
        },
    )


@route(get=Access.EDIT, post=Access.EDIT)
def person_edit(request: HttpRequest, slug: str, person_id: int) -> HttpResponse:
    person = _person(request, slug, person_id, Access.EDIT)
    form = PersonForm(
        request.POST or None,
        instance=person,
        workspace=person.workspace,
        query=request.GET.get("q", "").strip(),
    )
    if request.method == "POST" and form.is_valid():
        saved = save_form(
            form,
            lambda: services.person_update(
                actor=request.user,
                person=person,
                changes=form.changes(),
                expected_version=form.expected_version,
            ),
        )
        if saved:
            messages.success(request, "Saved.")
            return redirect("partners:person", slug=slug, person_id=saved.pk)
    return render(
        request,
        "partners/person_form.html",
        {
            "form": form,
            "person": person,
            "membership": person.membership,
            "workspace": person.workspace,
        },
        status=form_status(form),
    )


@route(get=Access.EDIT, post=Access.EDIT)
def person_delete(request: HttpRequest, slug: str, person_id: int) -> HttpResponse:
    person = _person(request, slug, person_id, Access.EDIT)
    if request.method == "POST":
        if not delete_checked(
            request,
            lambda version: services.person_delete(
                actor=request.user, person=person, expected_version=version
            ),
            done=f"{person} deleted.",
        ):
            return redirect("partners:person", slug=slug, person_id=person.pk)
        return redirect("partners:people", slug=slug)
    return render(
        request,
        "partners/confirm_delete.html",
        {
            "object": person,
            "version": drawn_version(request, person),
            "membership": person.membership,
            "workspace": person.workspace,
            "consequence": "Their memberships, relationships and meeting attendance are removed; "
            "touches stay in the outreach log without them.",
            "cancel_url": reverse("partners:person", kwargs={"slug": slug, "person_id": person.pk}),
        },
    )


# --- Relationships and network ------------------------------------------------------


@route(get=Access.EDIT, post=Access.EDIT)
def relationship_create(request: HttpRequest, slug: str) -> HttpResponse:
    membership = workspace_for(request.user, slug, need=Access.EDIT)
    initial = {"source": request.GET.get("from", "")}
    form = RelationshipForm(
        request.POST or None,
        workspace_id=membership.workspace_id,
        initial=initial,
        query=request.GET.get("q", "").strip(),
    )
    if request.method == "POST" and form.is_valid():
        tie = save_form(
            form,
            lambda: services.relationship_create(
                actor=request.user,
                workspace=membership.workspace,
                kind=form.cleaned_data["kind"],
                source=form.cleaned_data["source"],
                target=form.cleaned_data["target"],
                note=form.cleaned_data["note"],
            ),
        )
        if tie:
            messages.success(request, f"Recorded: {tie}.")
            back = request.POST.get("next", "")
            if back.startswith("/w/"):
                return redirect(back)
            return redirect("partners:network", slug=slug)
    return render(
        request,
        "partners/relationship_form.html",
        {
            "form": form,
            "membership": membership,
            "workspace": membership.workspace,
            "next": _safe_next(request.GET.get("next", request.POST.get("next", ""))),
        },
        status=422 if form.errors else 200,
    )


def _relationship(request: HttpRequest, slug: str, relationship_id: int) -> Relationship:
    membership = workspace_for(request.user, slug, need=Access.EDIT)
    return object_for(
        request.user,
        Relationship.objects.filter(workspace=membership.workspace).select_related(
            "workspace", "from_person", "from_organisation", "to_person", "to_organisation"
        ),
        need=Access.EDIT,
        pk=relationship_id,
    )


@route(get=Access.EDIT, post=Access.EDIT)
def relationship_edit(request: HttpRequest, slug: str, relationship_id: int) -> HttpResponse:
    """Change a relationship's ends, kind or note.

    With htmx the form is a fragment (e.g. in place of a tie on a person's page):
    refusals come back in it with status 200, since htmx swaps only 2xx answers,
    and a saved edit sends the browser to ``next`` with ``HX-Redirect``.
    """
    tie = _relationship(request, slug, relationship_id)
    back = _safe_next(request.POST.get("next", request.GET.get("next", "")))
    form = RelationshipEditForm(
        request.POST or None, instance=tie, query=request.GET.get("q", "").strip()
    )
    if request.method == "POST" and form.is_valid():
        saved = save_form(
            form,
            lambda: services.relationship_update(
                actor=request.user,
                relationship=tie,
                changes=form.changes(),
                expected_version=form.expected_version,
            ),
        )
        if saved:
            messages.success(request, f"Saved: {saved}.")
            target = back or reverse("partners:network", args=[slug])
            if request.htmx:
                response = HttpResponse(status=204)
                response["HX-Redirect"] = target
                return response
            return redirect(target)
    context = {
        "form": form,
        "relationship": tie,
        "membership": tie.membership,
        "workspace": tie.workspace,
        "next": back,
    }
    if request.htmx:
        return render(request, "partners/_relationship_edit.html", context)
    return render(request, "partners/relationship_edit.html", context, status=form_status(form))


@route(post=Access.EDIT)
def relationship_delete(request: HttpRequest, slug: str, relationship_id: int) -> HttpResponse:
    membership = workspace_for(request.user, slug, need=Access.EDIT)
    tie = object_for(
        request.user,
        Relationship.objects.filter(workspace=membership.workspace),
        need=Access.EDIT,
        pk=relationship_id,
    )
    try:
        delete_checked(
            request,
            lambda version: services.relationship_delete(
                actor=request.user, relationship=tie, expected_version=version
            ),
            done="Relationship removed.",
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/w/") else reverse("partners:network", args=[slug]))


def _safe_next(url: str) -> str:
    return url if url.startswith("/w/") else ""


def network_context(nodes, edges) -> dict:
    graph = network.build_graph(nodes, edges)
    analysis = network.analyse(graph)
    spec = network.chart_spec(analysis) if not analysis.is_empty else None
    table = sorted(
        (
            {"node": graph.nodes[k]["node"], "metrics": m}
            for k, m in analysis.metrics.items()
            if m.degree
        ),
        key=lambda row: (-row["metrics"].betweenness, -row["metrics"].degree),
    )[:25]
    return {"analysis": analysis, "spec": spec, "table": table}


@route(get=Access.VIEW)
def workspace_network(request: HttpRequest, slug: str) -> HttpResponse:
    membership = workspace_for(request.user, slug)
    nodes, edges = selectors.workspace_network(membership.workspace)
    return render(
        request,
        "partners/network_workspace.html",
        {
            "membership": membership,
            "workspace": membership.workspace,
            "scope": "workspace",
            **network_context(nodes, edges),
        },
    )
