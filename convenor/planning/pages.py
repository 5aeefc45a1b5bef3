"""What the subjects' page views share: rendering inside a partnership, the one form
page, and the two steps every create, edit and delete view ends with.

A view finds the partnership through the access helpers, then the child object
filtered by that partnership, calls one service and renders; ``saved`` and
``deleted`` are that last step, so each view says only what differs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from convenor.lib.errors import StaleVersionError
from convenor.lib.forms import delete_checked, form_status, save_form
from convenor.partnerships.models import Partnership
from convenor.workspaces.models import Access, Membership

T = TypeVar("T")


def need(request: HttpRequest, get: Access, post: Access) -> Access:
    """The level a page that reads on GET and writes on POST checks for this request."""
    return post if request.method == "POST" else get


def membership(partnership: Partnership) -> Membership:
    """The caller's membership, which the access helpers attach to what they return."""
    member: Membership = vars(partnership)["membership"]  # set by object_for, not a field
    return member


def url(name: str, partnership: Partnership, **kwargs: Any) -> str:
    return reverse(f"planning:{name}", kwargs={"partnership_id": partnership.pk, **kwargs})


def page(
    request: HttpRequest,
    template: str,
    partnership: Partnership,
    context: dict[str, Any] | None = None,
    *,
    form: Any = None,
) -> HttpResponse:
    """Render a planning page; with a form, the status is ``form_status`` (422/409)."""
    status = 200 if form is None else form_status(form)
    ctx = {"partnership": partnership, "membership": membership(partnership), "form": form}
    ctx.update(context or {})
    return render(request, template, ctx, status=status)


def form_page(
    request: HttpRequest,
    partnership: Partnership,
    form: Any,
    *,
    title: str,
    cancel: str,
    intro: str = "",
    delete_url: str = "",
    source: str = "",
    crumbs: list[tuple[str, str]] | None = None,
) -> HttpResponse:
    """The one form page (``planning/form.html``): a title, the toolkit's words above the
    form, Cancel, and a Delete button carrying the version the page was drawn from."""
    return page(
        request,
        "planning/form.html",
        partnership,
        {
            "title": title,
            "cancel": cancel,
            "intro": intro,
            "delete_url": delete_url,
            "delete_version": _drawn_version(form) if delete_url else None,
            "source": source,
            "crumbs": crumbs or [],
        },
        form=form,
    )


def _drawn_version(form: Any) -> Any:
    """The version of the row the page was drawn from, for its delete button: the
    form's hidden version when it has one, else the instance's."""
    if "version" in getattr(form, "fields", {}):
        return form["version"].value()
    return getattr(getattr(form, "instance", None), "version", None)


def saved(
    request: HttpRequest,
    form: BaseForm,
    write: Callable[[], T | None],
    *,
    then: str | Callable[[T], str],
    done: str | Callable[[T], str] = "Saved.",
) -> HttpResponse | None:
    """On a POST of a valid form, run ``write`` (a service call) through ``save_form``;
    when it saved, show ``done`` and redirect to ``then`` (either may be computed from
    what was saved). ``None`` when the page is to be drawn (again, with the errors)."""
    if request.method != "POST" or not form.is_valid():
        return None
    obj = save_form(form, write)
    if obj is None:
        return None
    messages.success(request, done(obj) if callable(done) else done)
    return redirect(then(obj) if callable(then) else then)


def deleted(
    request: HttpRequest,
    delete: Callable[[int | None], Any],
    *,
    done: str,
    then: str,
    refused: str | None = None,
) -> HttpResponse:
    """Run a delete with the version its button was drawn from, then go to ``then``; a
    stale version deletes nothing and goes to ``refused`` (the edit page) when given."""
    if delete_checked(request, delete, done=done) or refused is None:
        return redirect(then)
    return redirect(refused)


def refused(request: HttpRequest, exc: ValidationError | StaleVersionError) -> None:
    """Show why a one-click action (close a round) was refused."""
    text = exc.message if isinstance(exc, StaleVersionError) else " ".join(exc.messages)
    messages.error(request, text)
