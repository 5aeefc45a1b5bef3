"""Issue and priority pages: the issues heard from employers with their evidence and past
efforts, and the prioritisation rounds (a partner's ballot, staff's paper ballots, the
results, closing and the consensus)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render

from convenor.lib.htmx import is_htmx
from convenor.partnerships.models import Partnership
from convenor.planning.issues import selectors, services
from convenor.planning.issues.charts import priority_chart
from convenor.planning.issues.forms import (
    ConsensusForm,
    EvidenceForm,
    IssueForm,
    PaperBallotPersonForm,
    PastEffortForm,
    RoundForm,
    TouchLinkForm,
)
from convenor.planning.models import (
    RATING_MAX,
    RATING_MIN,
    EffortKind,
    Issue,
    IssueEvidence,
    PastEffort,
    PrioritisationRound,
)
from convenor.planning.pages import (
    deleted,
    form_page,
    membership,
    need,
    page,
    refused,
    saved,
    url,
)
from convenor.planning.people import own_person
from convenor.planning.plan.selectors import why_flat
from convenor.planning.sources import CHAPTER_3, DIRECTION
from convenor.workspaces.access import child_or_404, partnership_for, route
from convenor.workspaces.models import Access

# --- Issues, their evidence and the touches where employers raised them ------------------


@route(get=Access.VIEW, post=Access.EDIT)
def issues(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(
        request.user, partnership_id, need(request, Access.VIEW, Access.EDIT)
    )
    form = IssueForm(request.POST or None, initial={"challenge": request.GET.get("challenge", "")})
    done = saved(
        request,
        form,
        lambda: services.issue_create(
            actor=request.user, partnership=partnership, **form.changes()
        ),
        then=lambda issue: url("issue", partnership, issue_id=issue.pk),
        done=lambda issue: f"Issue “{issue}” recorded.",
    )
    if done is not None:
        return done
    rows = list(selectors.issues_of(partnership))
    counts = selectors.employer_counts(rows)
    heard = selectors.challenges_heard(partnership)
    return page(
        request,
        "planning/issues.html",
        partnership,
        {
            "rows": [(i, counts.get(i.pk, 0), heard.get(i.challenge)) for i in rows],
            "heard": list(heard.values()),
        },
        form=form,
    )


def _issue_page(
    request: HttpRequest,
    partnership: Partnership,
    issue_id: int,
    evidence_form: EvidenceForm | None = None,
) -> HttpResponse:
    try:
        issue = selectors.issue_detail(partnership, issue_id)
    except (Issue.DoesNotExist, ValueError):
        raise Http404("Not found") from None
    problems = [(ps, why_flat(list(ps.why_steps.all()))) for ps in issue.problem_statements.all()]
    response = page(
        request,
        "planning/issue_detail.html",
        partnership,
        {
            "issue": issue,
            "problems": problems,
            "employers": selectors.employers_raising(issue),
            "suggested": selectors.suggested_touches(issue)
            if membership(partnership).can_edit
            else [],
            "evidence_form": evidence_form or EvidenceForm(partnership=partnership),
            "evidence_open": evidence_form is not None,
        },
    )
    if evidence_form is not None and evidence_form.errors:
        response.status_code = 422
    return response


@route(get=Access.VIEW)
def issue_detail(request: HttpRequest, partnership_id: int, issue_id: int) -> HttpResponse:
    return _issue_page(request, partnership_for(request.user, partnership_id), issue_id)


@route(get=Access.EDIT, post=Access.EDIT)
def issue_edit(request: HttpRequest, partnership_id: int, issue_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    issue = child_or_404(Issue.objects.filter(partnership=partnership), pk=issue_id)
    form = IssueForm(request.POST or None, instance=issue)
    back = url("issue", partnership, issue_id=issue.pk)
    return saved(
        request,
        form,
        lambda: services.issue_update(
            actor=request.user,
            issue=issue,
            changes=form.changes(),
            expected_version=form.expected_version,
        ),
        then=back,
    ) or form_page(
        request,
        partnership,
        form,
        title=f"Edit issue “{issue}”",
        cancel=back,
        delete_url=url("issue-delete", partnership, issue_id=issue.pk),
    )


@route(post=Access.EDIT)
def issue_delete(request: HttpRequest, partnership_id: int, issue_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    issue = child_or_404(Issue.objects.filter(partnership=partnership), pk=issue_id)
    return deleted(
        request,
        lambda version: services.issue_delete(
            actor=request.user, issue=issue, expected_version=version
        ),
        done=f"Issue “{issue}” deleted.",
        then=url("issues", partnership),
        refused=url("issue-edit", partnership, issue_id=issue.pk),
    )


@route(post=Access.EDIT)
def evidence_add(request: HttpRequest, partnership_id: int, issue_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    issue = child_or_404(Issue.objects.filter(partnership=partnership), pk=issue_id)
    form = EvidenceForm(request.POST, partnership=partnership)
    return saved(
        request,
        form,
        lambda: services.issue_evidence_add(actor=request.user, issue=issue, **form.cleaned_data),
        then=url("issue", partnership, issue_id=issue.pk) + "#evidence",
        done="Evidence added.",
    ) or _issue_page(request, partnership, issue.pk, evidence_form=form)


@route(post=Access.EDIT)
def evidence_delete(
    request: HttpRequest, partnership_id: int, issue_id: int, evidence_id: int
) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    evidence = child_or_404(
        IssueEvidence.objects.filter(partnership=partnership, issue_id=issue_id), pk=evidence_id
    )
    return deleted(
        request,
        lambda version: services.issue_evidence_delete(
            actor=request.user, evidence=evidence, expected_version=version
        ),
        done="Evidence removed.",
        then=url("issue", partnership, issue_id=issue_id) + "#evidence",
    )


@route(get=Access.EDIT, post=Access.EDIT)
def issue_touches(request: HttpRequest, partnership_id: int, issue_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    issue = child_or_404(Issue.objects.filter(partnership=partnership), pk=issue_id)
    initial = {"touches": list(issue.touches.values_list("pk", flat=True))}
    form = TouchLinkForm(request.POST or None, partnership=partnership, initial=initial)
    if request.method == "POST" and form.is_valid():
        # Linking is not an edit of the issue's text: no version to check.
        services.issue_update(
            actor=request.user,
            issue=issue,
            changes={"touches": list(form.cleaned_data["touches"])},
            expected_version=None,
        )
        messages.success(request, "Touches linked.")
        return redirect(url("issue", partnership, issue_id=issue.pk))
    return form_page(
        request,
        partnership,
        form,
        title=f"Where employers raised “{issue}”",
        intro="Tick the conversations, tours and meetings where this issue came up. The issue "
        "counts the distinct employers among the people met, so a challenge shared across the "
        "industry, not one firm, shows as a number.",
        cancel=url("issue", partnership, issue_id=issue.pk),
        source=CHAPTER_3,
    )


# --- Past and existing efforts ------------------------------------------------------------


@route(get=Access.EDIT, post=Access.EDIT)
def effort_create(request: HttpRequest, partnership_id: int, issue_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    issue = child_or_404(Issue.objects.filter(partnership=partnership), pk=issue_id)
    initial = {"kind": request.GET.get("kind", EffortKind.TRIED_BEFORE)}
    form = PastEffortForm(request.POST or None, partnership=partnership, initial=initial)
    form.instance.partnership = partnership
    return saved(
        request,
        form,
        lambda: services.past_effort_create(actor=request.user, issue=issue, **form.changes()),
        then=url("issue", partnership, issue_id=issue.pk) + "#efforts",
        done="Recorded.",
    ) or form_page(
        request,
        partnership,
        form,
        title=f"A past or existing effort on “{issue}”",
        intro="“We tried that 10 years ago, and it didn't work.” Ask what happened and why: it "
        "may not have been the right solution, because the actual problem was never identified. "
        "“So-and-so has been doing that for years”: record who, and take a second look at "
        "whether it answers this problem and how it could scale.",
        source=DIRECTION,
        cancel=url("issue", partnership, issue_id=issue.pk),
    )


@route(get=Access.EDIT, post=Access.EDIT)
def effort_edit(request: HttpRequest, partnership_id: int, effort_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    effort = child_or_404(
        PastEffort.objects.filter(partnership=partnership).select_related("issue"), pk=effort_id
    )
    form = PastEffortForm(request.POST or None, partnership=partnership, instance=effort)
    return saved(
        request,
        form,
        lambda: services.past_effort_update(
            actor=request.user,
            effort=effort,
            changes=form.changes(),
            expected_version=form.expected_version,
        ),
        then=url("issue", partnership, issue_id=effort.issue_id) + "#efforts",
    ) or form_page(
        request,
        partnership,
        form,
        title="Edit past or existing effort",
        cancel=url("issue", partnership, issue_id=effort.issue_id),
        delete_url=url("effort-delete", partnership, effort_id=effort.pk),
    )


@route(post=Access.EDIT)
def effort_delete(request: HttpRequest, partnership_id: int, effort_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    effort = child_or_404(PastEffort.objects.filter(partnership=partnership), pk=effort_id)
    return deleted(
        request,
        lambda version: services.past_effort_delete(
            actor=request.user, effort=effort, expected_version=version
        ),
        done="Deleted.",
        then=url("issue", partnership, issue_id=effort.issue_id),
        refused=url("effort-edit", partnership, effort_id=effort.pk),
    )


# --- Prioritisation rounds --------------------------------------------------------------

RATING_CHOICES = list(range(RATING_MIN, RATING_MAX + 1))


def _ballot_values(post: QueryDict, issues: list[Issue]) -> dict[int, tuple[Any, Any]]:
    return {
        i.pk: (post.get(f"importance_{i.pk}", ""), post.get(f"feasibility_{i.pk}", ""))
        for i in issues
    }


def _ballot_rows(issues: list[Issue], values: dict[int, tuple[Any, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "issue": i,
            "importance": str(values.get(i.pk, ("", ""))[0] or ""),
            "feasibility": str(values.get(i.pk, ("", ""))[1] or ""),
        }
        for i in issues
    ]


@route(get=Access.VIEW, post=Access.EDIT)
def rounds(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(
        request.user, partnership_id, need(request, Access.VIEW, Access.EDIT)
    )
    form = RoundForm(request.POST or None, partnership=partnership)
    return saved(
        request,
        form,
        lambda: services.round_open(
            actor=request.user,
            partnership=partnership,
            title=form.cleaned_data["title"],
            issues=form.cleaned_data["issues"],
            method=form.cleaned_data["method"],
            meeting=form.cleaned_data["meeting"],
        ),
        then=lambda rnd: url("round", partnership, round_id=rnd.pk),
        done=lambda rnd: f"Round “{rnd}” is open for ratings.",
    ) or page(
        request,
        "planning/rounds.html",
        partnership,
        {"rounds": selectors.rounds_of(partnership)},
        form=form,
    )


@route(get=Access.VIEW, post=Access.CONTRIBUTE)
def round_detail(request: HttpRequest, partnership_id: int, round_id: int) -> HttpResponse:
    """Results of a round; for a partner, also their own ballot (POST casts it)."""
    partnership = partnership_for(
        request.user, partnership_id, need(request, Access.VIEW, Access.CONTRIBUTE)
    )
    rnd = child_or_404(
        PrioritisationRound.objects.filter(partnership=partnership).select_related(
            "decision", "meeting", "closed_by"
        ),
        pk=round_id,
    )
    issues = list(rnd.issues.all())
    person = own_person(request.user, partnership.workspace_id)
    mine = selectors.my_ratings(rnd, person)
    values: dict[int, tuple[Any, Any]] = {k: (r.importance, r.feasibility) for k, r in mine.items()}
    errors: list[str] = []
    recorded = False
    if request.method == "POST":
        values = _ballot_values(request.POST, issues)
        if person is None:
            errors = [services.NO_PERSON_RECORD]
        else:
            try:
                services.ballot_cast(actor=request.user, round=rnd, person=person, ratings=values)
                recorded = True
            except ValidationError as exc:
                errors = exc.messages
        rnd.refresh_from_db()
    ballot = {
        "round": rnd,
        "rows": _ballot_rows(issues, values),
        "choices": RATING_CHOICES,
        "errors": errors,
        "saved": recorded,
        "person": person,
        "voted": bool(mine) or recorded,
        "action": url("round", partnership, round_id=rnd.pk),
    }
    if is_htmx(request) and request.method == "POST":
        return render(
            request,
            "planning/_ballot.html",
            {"ballot": ballot, "partnership": partnership, "membership": membership(partnership)},
        )  # 200 even with errors: htmx swaps only 2xx answers, and the errors are in it
    if recorded:
        messages.success(
            request, "Your ratings are recorded. You can change them until the round closes."
        )
        return redirect(url("round", partnership, round_id=rnd.pk))
    results = selectors.round_results(rnd)
    show_results = selectors.results_shown(rnd, membership(partnership))
    response = page(
        request,
        "planning/round_detail.html",
        partnership,
        {
            "round": rnd,
            "ballot": ballot,
            "results": results,
            "show_results": show_results,
            "chart": priority_chart(results) if show_results else None,
        },
    )
    if errors:
        response.status_code = 422
    return response


@route(get=Access.EDIT, post=Access.EDIT)
def round_paper(request: HttpRequest, partnership_id: int, round_id: int) -> HttpResponse:
    """Staff enter a ballot taken on paper, in the name of the partner who filled it in."""
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    rnd = child_or_404(PrioritisationRound.objects.filter(partnership=partnership), pk=round_id)
    issues = list(rnd.issues.all())
    person_form = PaperBallotPersonForm(request.POST or None, partnership=partnership)
    values: dict[int, tuple[Any, Any]] = {}
    errors: list[str] = []
    if request.method == "POST":
        values = _ballot_values(request.POST, issues)
        if person_form.is_valid():
            person = person_form.cleaned_data["person"]
            try:
                services.ballot_cast(
                    actor=request.user, round=rnd, person=person, ratings=values, on_paper=True
                )
                messages.success(request, f"Paper ballot of {person.name} recorded.")
                return redirect(url("round-paper", partnership, round_id=rnd.pk))
            except ValidationError as exc:
                errors = exc.messages
        else:
            errors = ["Pick whose ballot this is."]
    response = page(
        request,
        "planning/round_paper.html",
        partnership,
        {
            "round": rnd,
            "person_form": person_form,
            "ballot": {
                "round": rnd,
                "rows": _ballot_rows(issues, values),
                "choices": RATING_CHOICES,
                "errors": errors,
            },
        },
    )
    if errors:
        response.status_code = 422
    return response


@route(post=Access.EDIT)
def round_close(request: HttpRequest, partnership_id: int, round_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    rnd = child_or_404(PrioritisationRound.objects.filter(partnership=partnership), pk=round_id)
    try:
        services.round_close(actor=request.user, round=rnd)
        messages.success(request, "The round is closed: no more ratings. Record the consensus.")
    except ValidationError as exc:
        refused(request, exc)
    return redirect(url("round", partnership, round_id=rnd.pk))


@route(get=Access.EDIT, post=Access.EDIT)
def round_consensus(request: HttpRequest, partnership_id: int, round_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    rnd = child_or_404(PrioritisationRound.objects.filter(partnership=partnership), pk=round_id)
    results = selectors.round_results(rnd)
    top = [r.issue.pk for r in results.overall if r.rank and r.rank <= 3]
    form = ConsensusForm(request.POST or None, round=rnd, top=top)
    return saved(
        request,
        form,
        lambda: services.round_record_consensus(
            actor=request.user,
            round=rnd,
            chosen_issues=form.cleaned_data["chosen_issues"],
            consensus=form.cleaned_data["consensus"],
            decided_on=form.cleaned_data["decided_on"],
            meeting=form.cleaned_data["meeting"],
        ),
        then=url("round", partnership, round_id=rnd.pk),
        done="Consensus recorded in the decision log.",
    ) or page(
        request,
        "planning/round_consensus.html",
        partnership,
        {"round": rnd, "results": results},
        form=form,
    )


@route(get=Access.VIEW)
def rounds_compare(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id)
    employers_only = request.GET.get("who") == "employers"
    return page(
        request,
        "planning/rounds_compare.html",
        partnership,
        {
            "comparison": selectors.rounds_compare(partnership, employers_only=employers_only),
            "employers_only": employers_only,
        },
    )
