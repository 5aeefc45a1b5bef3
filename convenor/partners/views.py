"""Pages of the workspace's partner registry: organisations, people, relationships, network.

The registry holds contact details, so partner-role users never reach it
(``workspace_for`` refuses them); they see a shared partnership's members instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from convenor.lib.errors import StaleVersionError
from convenor.lib.forms import (
    delete_checked,
    drawn_version,
    form_status,
    posted_version,
    save_form,
)
from convenor.lib.htmx import is_htmx
from convenor.outreach.selectors import touches_of_person
from convenor.partners import network, picker, selectors, services
from convenor.partners.forms import (
    AccountLinkForm,
    AddToPartnershipForm,
    OrganisationForm,
    PersonForm,
    PersonForMemberForm,
    PersonPickForm,
    QuickOrganisationForm,
    QuickPersonForm,
    RelationshipEditForm,
    RelationshipForm,
    person_label,
)
from convenor.partners.models import TRAITS, Category, Organisation, Person, Relationship
from convenor.workspaces.access import membership_of, object_for, route, workspace_for
from convenor.workspaces.models import Access, Membership

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
            "add_form": AddToPartnershipForm(workspace_id=membership.workspace_id)
            if membership.can_edit
            else None,
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
            "add_form": AddToPartnershipForm(
                workspace_id=organisation.workspace_id,
                initial={"organisations": [organisation.pk]},
            )
            if organisation.membership.can_edit
            else None,
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
            "add_form": AddToPartnershipForm(workspace_id=membership.workspace_id)
            if membership.can_edit
            else None,
        },
    )


# The picker's names travel in the query string; only plain identifiers come back.
_PICK_NAME = re.compile(r"^[\w-]{1,100}$")


@route(get=Access.VIEW)
def people_pick(request: HttpRequest, slug: str) -> HttpResponse:
    """The person picker's search (htmx): who may list the registry may search it.

    ``?q=`` answers up to ``picker.PICK_RESULTS`` people by name, organisation or
    e-mail, each with an "Add" button; ``?add=<id>`` answers that person as one more
    option (a select) or a ticked checkbox (a checkbox list) of the field ``name``.
    """
    membership = workspace_for(request.user, slug)
    name = request.GET.get("name", "")
    target = request.GET.get("target", "")
    asked = request.GET.get("q", "").strip() or request.GET.get("add", "")
    if asked and not (_PICK_NAME.match(name) and _PICK_NAME.match(target)):
        return HttpResponse("Which field to pick for is missing.", status=400)
    multiple = request.GET.get("multiple") == "1"
    context: dict[str, Any] = {
        "workspace_slug": slug,
        "name": name,
        "target": target,
        "multiple": multiple,
    }
    added = request.GET.get("add", "")
    if added:
        person = (
            picker.people_of(membership.workspace_id).filter(pk=added).first()
            if added.isdigit()
            else None
        )
        if person is None:
            return HttpResponse("That person is not in this workspace's registry.", status=404)
        context.update(person=person, label=person_label(person))
        return render(request, "partners/_pick_results.html", context)
    query = request.GET.get("q", "")[:100].strip()
    context.update(q=query, people=picker.find_people(membership.workspace_id, query))
    return render(request, "partners/_pick_results.html", context)


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
            "workspace", "organisation", "user"
        ),
        need=need,
        pk=person_id,
    )


def _person_page(
    request: HttpRequest,
    person: Person,
    account_form: AccountLinkForm | None = None,
    status: int = 200,
) -> HttpResponse:
    membership = person.membership  # type: ignore[attr-defined]  # attached by object_for
    context = {
        "person": person,
        "membership": membership,
        "workspace": person.workspace,
        "memberships": selectors.memberships_of_person(person),
        "ties": selectors.ties_of(person, slug=person.workspace.slug),
        "touches": _page(request, touches_of_person(person), size=20),
    }
    if membership.can_edit:
        form = account_form or AccountLinkForm(person=person)
        context["account_form"] = form
        context["can_say_me"] = form.offers(request.user)
        context["add_form"] = AddToPartnershipForm(
            workspace_id=person.workspace_id, initial={"people": [person.pk]}
        )
    return render(request, "partners/person_detail.html", context, status=status)


@route(get=Access.VIEW)
def person_detail(request: HttpRequest, slug: str, person_id: int) -> HttpResponse:
    return _person_page(request, _person(request, slug, person_id, Access.VIEW))


@route(post=Access.EDIT)
def person_account(request: HttpRequest, slug: str, person_id: int) -> HttpResponse:
    """Link a member's sign-in to this person, unlink it, or say "this is me"."""
    person = _person(request, slug, person_id, Access.EDIT)
    version = posted_version(request)
    form = AccountLinkForm(request.POST, person=person)
    done = ""
    try:
        if "unlink" in request.POST:
            services.person_unlink_account(
                actor=request.user, person=person, expected_version=version
            )
            done = f"{person} is no longer linked to a sign-in."
        elif "me" in request.POST:
            services.person_link_account(
                actor=request.user, person=person, user=request.user, expected_version=version
            )
            done = f"Your sign-in is linked to {person}: their action items are yours."
        elif form.is_valid():
            user = form.cleaned_data["membership"].user
            services.person_link_account(
                actor=request.user, person=person, user=user, expected_version=version
            )
            done = f"{user.email} is linked to {person}."
    except StaleVersionError as exc:
        form = AccountLinkForm(person=person)
        form.add_error(None, exc.message)
        return _person_page(request, person, account_form=form, status=409)
    except ValidationError as exc:
        form = AccountLinkForm(person=person)
        form.add_error(None, " ".join(exc.messages))
    if done:
        messages.success(request, done)
        return redirect("partners:person", slug=slug, person_id=person.pk)
    return _person_page(request, person, account_form=form, status=422)


@route(get=Access.EDIT, post=Access.EDIT)
def member_account(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    """Link a workspace member's sign-in to her person in the registry (from the members
    page): pick the person, or add her to the registry."""
    mine = workspace_for(request.user, slug, need=Access.EDIT)
    target = object_for(
        request.user,
        Membership.objects.filter(workspace=mine.workspace).select_related("user", "workspace"),
        need=Access.EDIT,
        pk=membership_id,
    )
    linked = services.account_person(user=target.user, workspace_id=target.workspace_id)
    creating = request.method == "POST" and "create" in request.POST
    query = request.GET.get("q", "").strip()
    pick = PersonPickForm(
        request.POST if request.method == "POST" and not creating else None,
        membership=target,
        query=query,
    )
    new = PersonForMemberForm(request.POST if creating else None, membership=target)
    if request.method == "POST":
        form = new if creating else pick
        if form.is_valid():
            person = save_form(
                form,
                lambda: (
                    services.person_create_for_account(
                        actor=request.user,
                        user=target.user,
                        workspace=mine.workspace,
                        name=new.cleaned_data["name"],
                        organisation=new.cleaned_data["organisation"],
                    )
                    if creating
                    else services.person_link_account(
                        actor=request.user, person=pick.cleaned_data["person"], user=target.user
                    )
                ),
            )
            if person:
                messages.success(request, f"{target.user.email} is linked to {person}.")
                if mine.can_manage:
                    return redirect("workspaces:members", slug=slug)
                return redirect("partners:person", slug=slug, person_id=person.pk)
    return render(
        request,
        "partners/member_account.html",
        {
            "membership": mine,
            "workspace": mine.workspace,
            "target": target,
            "linked": linked,
            "pick_form": pick,
            "new_form": new,
        },
        status=422 if pick.errors or new.errors else 200,
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
            "membership": membership_of(person),
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
            "membership": membership_of(person),
            "workspace": person.workspace,
            "consequence": "Their memberships, relationships and meeting attendance are removed; "
            "touches stay in the outreach log without them.",
            "cancel_url": reverse("partners:person", kwargs={"slug": slug, "person_id": person.pk}),
        },
    )


# --- Putting the registry at a partnership's table, creating in place ---------------------


@route(get=Access.EDIT, post=Access.EDIT)
def add_to_partnership(request: HttpRequest, slug: str) -> HttpResponse:
    """Put one or several people and organisations of the registry at a partnership's
    table (from their pages, or ticked in the registry's lists)."""
    membership = workspace_for(request.user, slug, need=Access.EDIT)
    form = AddToPartnershipForm(
        request.POST if request.method == "POST" else request.GET or None,
        workspace_id=membership.workspace_id,
    )
    if request.method == "POST" and form.is_valid():
        partnership = form.cleaned_data["partnership"]
        result = save_form(
            form,
            lambda: services.members_add(
                actor=request.user,
                partnership=partnership,
                people=list(form.cleaned_data["people"]),
                organisations=list(form.cleaned_data["organisations"]),
                role=form.cleaned_data["role"],
                stage=form.cleaned_data["stage"],
            ),
        )
        if result is not None:
            added, already = result
            if added:
                names = ", ".join(m.display_name for m in added)
                messages.success(request, f"Added to {partnership}: {names}.")
            if already:
                messages.info(request, f"At the table already: {', '.join(already)}.")
            return redirect("partners:members", partnership_id=partnership.pk)
    if request.method == "GET":
        form = AddToPartnershipForm(
            initial={
                "people": request.GET.getlist("people"),
                "organisations": request.GET.getlist("organisations"),
            },
            workspace_id=membership.workspace_id,
        )
    chosen_people = Person.objects.filter(
        workspace=membership.workspace, pk__in=_ids(form, "people")
    ).select_related("organisation")
    chosen_orgs = Organisation.objects.filter(
        workspace=membership.workspace, pk__in=_ids(form, "organisations")
    )
    return render(
        request,
        "partners/add_to_partnership.html",
        {
            "membership": membership,
            "workspace": membership.workspace,
            "form": form,
            "chosen_people": chosen_people,
            "chosen_organisations": chosen_orgs,
        },
        status=422 if form.errors else 200,
    )


def _ids(form: AddToPartnershipForm, name: str) -> list[int]:
    raw = form.data.getlist(name) if form.is_bound else form.initial.get(name, [])  # type: ignore[attr-defined]  # a QueryDict when bound
    return [int(v) for v in raw if str(v).isdigit()][:500]


QuickForm = QuickOrganisationForm | QuickPersonForm


def _quick(
    request: HttpRequest,
    slug: str,
    kind: str,
    make_form: Callable[[Membership, Any], QuickForm],
    create: Callable[[Membership, QuickForm], Person | Organisation],
) -> HttpResponse:
    """A new organisation or person made in place: the form (GET, a fragment for htmx) and
    its answer (POST): an ``<option>`` chosen in the select the page names (``for``)."""
    membership = workspace_for(request.user, slug, need=Access.EDIT)
    htmx = is_htmx(request)
    target = request.GET.get("for", "")
    # An element id of the page, echoed into the answer: nothing else gets through.
    target = target if target.replace("_", "").replace("-", "").isalnum() else ""
    form = make_form(membership, request.POST or None)
    context: dict[str, Any] = {
        "membership": membership,
        "workspace": membership.workspace,
        "form": form,
        "kind": kind,
        "target": target,
    }
    if request.method == "POST" and form.is_valid():
        created = save_form(form, lambda: create(membership, form))
        if created is not None:
            label = person_label(created) if isinstance(created, Person) else str(created)
            context.update(created=created, label=label)
            if htmx and target:
                return render(request, "partners/_quick_option.html", context)
            messages.success(request, f"{label} added to the registry.")
            if isinstance(created, Person):
                return redirect("partners:person", slug=slug, person_id=created.pk)
            return redirect("partners:organisation", slug=slug, organisation_id=created.pk)
    status = 422 if form.errors else 200
    template = "partners/_quick_form.html" if htmx else "partners/quick_add.html"
    response = render(request, template, context, status=status)
    if htmx and form.errors:
        # htmx swaps only 2xx answers into the select: show the refusal in the form instead.
        response.status_code = 200
        response["HX-Retarget"] = f"#quick-{kind}-{target or 'page'}"
        response["HX-Reswap"] = "outerHTML"
    return response


@route(get=Access.EDIT, post=Access.EDIT)
def quick_organisation(request: HttpRequest, slug: str) -> HttpResponse:
    return _quick(
        request,
        slug,
        "organisation",
        lambda membership, data: QuickOrganisationForm(data, prefix="quick-organisation"),
        lambda membership, form: services.organisation_create(
            actor=request.user, workspace=membership.workspace, **form.cleaned_data
        ),
    )


@route(get=Access.EDIT, post=Access.EDIT)
def quick_person(request: HttpRequest, slug: str) -> HttpResponse:
    return _quick(
        request,
        slug,
        "person",
        lambda membership, data: QuickPersonForm(
            data, prefix="quick-person", workspace_id=membership.workspace_id
        ),
        lambda membership, form: services.person_create(
            actor=request.user, workspace=membership.workspace, **form.cleaned_data
        ),
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
            if is_htmx(request):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = target
                return response
            return redirect(target)
    context = {
        "form": form,
        "relationship": tie,
        "membership": membership_of(tie),
        "workspace": tie.workspace,
        "next": back,
    }
    if is_htmx(request):
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
