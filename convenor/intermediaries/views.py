from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from convenor.intermediaries import selectors, services
from convenor.intermediaries.findings import interests_bearing_on
from convenor.intermediaries.forms import (
    CandidateCreateForm,
    CandidateForm,
    ConvenerChangeForm,
    InterestForm,
    RubricForm,
    TermForm,
)
from convenor.intermediaries.models import Candidate, ConvenerTerm, DeclaredInterest
from convenor.intermediaries.rubric import CRITERIA, WHO_CONVENES
from convenor.lib.forms import delete_checked, form_status, save_form
from convenor.partnerships.models import Partnership
from convenor.workspaces.access import object_for, partnership_for, route
from convenor.workspaces.models import Access

STEP_ONE_SUMMARY = (
    "Sector initiatives utilize workforce intermediaries to engage employers and other key "
    "stakeholders, to coordinate information and resources, and to facilitate the development "
    "and implementation of an effective response to the identified challenge. An intermediary "
    "does not chart the course of the sector partnership, which is the responsibility of "
    "employers in the target industry."
)


def _home(partnership: Partnership) -> str:
    return reverse("intermediaries:home", kwargs={"partnership_id": partnership.pk})


@route(get=Access.VIEW)
def intermediary_home(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.VIEW)
    today = dt.date.today()
    facts = selectors.facts_for(partnership, partnership.membership, today)
    term = selectors.current_term(facts.terms, today)
    return render(
        request,
        "intermediaries/home.html",
        {
            "partnership": partnership,
            "membership": partnership.membership,
            "facts": facts,
            "term": term,
            "columns": [(c, facts.weights[c.key]) for c in CRITERIA],
            "rows": facts.candidates,
            "findings": facts.conflicts,
            "chart": selectors.comparison_chart(facts.candidates),
            "step_one": STEP_ONE_SUMMARY,
            "who_convenes": WHO_CONVENES,
        },
    )


@route(get=Access.EDIT, post=Access.EDIT)
def candidate_create(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    form = CandidateCreateForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        candidate = save_form(
            form,
            lambda: services.candidate_create(
                actor=request.user,
                partnership=partnership,
                organisation=form.cleaned_data["organisation"],
                kind=form.cleaned_data["kind"],
                notes=form.cleaned_data["notes"],
            ),
        )
        if candidate:
            messages.success(request, f"{candidate.organisation} added; score it on the rubric.")
            return redirect(
                "intermediaries:candidate-edit",
                partnership_id=partnership.pk,
                candidate_id=candidate.pk,
            )
    return render(
        request,
        "intermediaries/candidate_new.html",
        {"partnership": partnership, "membership": partnership.membership, "form": form},
        status=form_status(form),
    )


def _candidate(
    request: HttpRequest, partnership: Partnership, candidate_id: int, need: Access
) -> Candidate:
    visible = selectors.candidates_visible(partnership, partnership.membership)
    return object_for(request.user, visible, need=need, pk=candidate_id)


@route(get=Access.VIEW)
def candidate_detail(request: HttpRequest, partnership_id: int, candidate_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.VIEW)
    candidate = _candidate(request, partnership, candidate_id, Access.VIEW)
    facts = selectors.facts_for(partnership, partnership.membership, dt.date.today())
    row = next(r for r in facts.candidates if r.candidate.pk == candidate.pk)
    findings = [
        f for f in facts.conflicts if f.evidence.get("organisation") == candidate.organisation.name
    ]
    scores = [
        {
            "criterion": c,
            "score": getattr(candidate, f"{c.key}_score"),
            "evidence": getattr(candidate, f"{c.key}_evidence"),
            "weight": facts.weights[c.key],
        }
        for c in CRITERIA
    ]
    return render(
        request,
        "intermediaries/candidate.html",
        {
            "partnership": partnership,
            "membership": partnership.membership,
            "candidate": candidate,
            "row": row,
            "scores": scores,
            "findings": findings,
            "interests": interests_bearing_on(facts.interests, {candidate.organisation_id}),
        },
    )


@route(get=Access.EDIT, post=Access.EDIT)
def candidate_edit(request: HttpRequest, partnership_id: int, candidate_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    candidate = _candidate(request, partnership, candidate_id, Access.EDIT)
    form = CandidateForm(request.POST or None, instance=candidate)
    if request.method == "POST" and form.is_valid():
        saved = save_form(
            form,
            lambda: services.candidate_update(
                actor=request.user,
                candidate=candidate,
                changes=form.changes(),
                expected_version=form.expected_version,
            ),
        )
        if saved:
            messages.success(request, f"Scores of {candidate.organisation} saved.")
            return redirect(_home(partnership))
    return render(
        request,
        "intermediaries/candidate_form.html",
        {
            "partnership": partnership,
            "membership": partnership.membership,
            "candidate": candidate,
            "form": form,
            "criteria": CRITERIA,
        },
        status=form_status(form),
    )


@route(post=Access.EDIT)
def candidate_delete(request: HttpRequest, partnership_id: int, candidate_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    candidate = _candidate(request, partnership, candidate_id, Access.EDIT)
    if not delete_checked(
        request,
        lambda version: services.candidate_delete(
            actor=request.user, candidate=candidate, expected_version=version
        ),
        done=f"{candidate.organisation} is no longer a candidate.",
    ):
        return redirect(
            "intermediaries:candidate", partnership_id=partnership.pk, candidate_id=candidate.pk
        )
    return redirect(_home(partnership))


@route(get=Access.EDIT, post=Access.EDIT)
def rubric_edit(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    rubric = selectors.rubric_of(partnership)
    form = RubricForm(request.POST or None, instance=rubric)
    if request.method == "POST" and form.is_valid():
        saved = save_form(
            form,
            lambda: services.rubric_save(
                actor=request.user,
                partnership=partnership,
                changes=form.changes(),
                expected_version=form.expected_version,
            ),
        )
        if saved:
            messages.success(request, "Weights saved; the comparison uses them now.")
            return redirect(_home(partnership))
    return render(
        request,
        "intermediaries/rubric_form.html",
        {
            "partnership": partnership,
            "membership": partnership.membership,
            "form": form,
            "criteria": CRITERIA,
        },
        status=form_status(form),
    )


@route(get=Access.VIEW)
def history(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.VIEW)
    terms = list(
        selectors.terms_of(partnership).select_related("convener", "fiscal_agent", "decision")
    )
    return render(
        request,
        "intermediaries/history.html",
        {
            "partnership": partnership,
            "membership": partnership.membership,
            "terms": list(reversed(terms)),
            "current": selectors.current_term(terms, dt.date.today()),
        },
    )


@route(get=Access.EDIT, post=Access.EDIT)
def convener_change(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    form = ConvenerChangeForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        term = save_form(
            form,
            lambda: services.convener_change(
                actor=request.user,
                partnership=partnership,
                convener=data["convener"],
                started_on=data["started_on"],
                fiscal_agent=data["fiscal_agent"],
                reason=data["reason"],
                decided_by=data["decided_by"],
            ),
        )
        if term:
            messages.success(
                request,
                f"{term.convener_name} convenes from {term.started_on:%Y-%m-%d}; "
                "the change is in the decision log.",
            )
            return redirect("intermediaries:history", partnership_id=partnership.pk)
    today = dt.date.today()
    facts = selectors.intermediary_facts([partnership.pk], today)[partnership.pk]
    return render(
        request,
        "intermediaries/convener_form.html",
        {
            "partnership": partnership,
            "membership": partnership.membership,
            "form": form,
            "current": selectors.current_term(facts.terms, today),
            "findings": facts.conflicts,
            "interests": [i for i in facts.interests if i.active],
        },
        status=form_status(form),
    )


@route(get=Access.EDIT, post=Access.EDIT)
def term_edit(request: HttpRequest, partnership_id: int, term_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    term = object_for(
        request.user,
        ConvenerTerm.objects.filter(partnership=partnership).select_related("partnership"),
        need=Access.EDIT,
        pk=term_id,
    )
    form = TermForm(request.POST or None, instance=term)
    if request.method == "POST" and form.is_valid():
        saved = save_form(
            form,
            lambda: services.term_update(
                actor=request.user,
                term=term,
                changes=form.changes(),
                expected_version=form.expected_version,
            ),
        )
        if saved:
            messages.success(request, "History corrected.")
            return redirect("intermediaries:history", partnership_id=partnership.pk)
    return render(
        request,
        "intermediaries/term_form.html",
        {
            "partnership": partnership,
            "membership": partnership.membership,
            "form": form,
            "term": term,
        },
        status=form_status(form),
    )


@route(get=Access.VIEW)
def interests(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.VIEW)
    rows = list(selectors.interests_visible(partnership, partnership.membership))
    today = dt.date.today()
    return render(
        request,
        "intermediaries/interests.html",
        {
            "partnership": partnership,
            "membership": partnership.membership,
            "active": [i for i in rows if i.ended_on is None or i.ended_on > today],
            "ended": [i for i in rows if i.ended_on is not None and i.ended_on <= today],
        },
    )


@route(get=Access.EDIT, post=Access.EDIT)
def interest_create(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    form = InterestForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        interest = save_form(
            form,
            lambda: services.interest_create(
                actor=request.user, partnership=partnership, **form.changes()
            ),
        )
        if interest:
            messages.success(
                request, "Interest recorded; it is shown where it bears on a decision."
            )
            return redirect("intermediaries:interests", partnership_id=partnership.pk)
    return render(
        request,
        "intermediaries/interest_form.html",
        {"partnership": partnership, "membership": partnership.membership, "form": form},
        status=form_status(form),
    )


def _interest(request: HttpRequest, partnership: Partnership, interest_id: int) -> DeclaredInterest:
    return object_for(
        request.user,
        DeclaredInterest.objects.filter(partnership=partnership).select_related("partnership"),
        need=Access.EDIT,
        pk=interest_id,
    )


@route(get=Access.EDIT, post=Access.EDIT)
def interest_edit(request: HttpRequest, partnership_id: int, interest_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    interest = _interest(request, partnership, interest_id)
    form = InterestForm(request.POST or None, instance=interest, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        saved = save_form(
            form,
            lambda: services.interest_update(
                actor=request.user,
                interest=interest,
                changes=form.changes(),
                expected_version=form.expected_version,
            ),
        )
        if saved:
            messages.success(request, "Interest updated.")
            return redirect("intermediaries:interests", partnership_id=partnership.pk)
    return render(
        request,
        "intermediaries/interest_form.html",
        {
            "partnership": partnership,
            "membership": partnership.membership,
            "form": form,
            "interest": interest,
        },
        status=form_status(form),
    )


@route(post=Access.EDIT)
def interest_delete(request: HttpRequest, partnership_id: int, interest_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    interest = _interest(request, partnership, interest_id)
    if not delete_checked(
        request,
        lambda version: services.interest_delete(
            actor=request.user, interest=interest, expected_version=version
        ),
        done="Interest removed.",
    ):
        return redirect(
            "intermediaries:interest-edit", partnership_id=partnership.pk, interest_id=interest.pk
        )
    return redirect("intermediaries:interests", partnership_id=partnership.pk)
