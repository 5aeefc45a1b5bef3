"""The one access path to tenant data.

Every view and API endpoint reaches workspace data through these helpers.
They return the object only when the user's membership allows it:

* not a member of the object's workspace -> ``Http404`` (existence is not leaked);
* a partner-role member and the object's partnership is not shared with
  them -> ``Http404``;
* a member whose role is below what the request needs -> ``PermissionDenied``.

Views also declare what each HTTP method needs with ``@route``; the
route-walking tenancy test reads that declaration and proves it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed

from convenor.workspaces.models import Access, Membership, Role, Workspace

M = TypeVar("M", bound=models.Model)

PUBLIC = "public"
SIGNED_IN = "signed_in"

_NEEDS_TEXT = {
    Access.VIEW: "view this",
    Access.CONTRIBUTE: "add your input here",
    Access.EDIT: "make changes (staff or owner role needed)",
    Access.MANAGE: "manage the workspace (owner role needed)",
}


def memberships_of(user: Any) -> dict[int, Membership]:
    """The user's memberships by workspace id, loaded once per request/user object."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, "_convenor_memberships", None)
    if cached is None:
        cached = {
            m.workspace_id: m
            for m in Membership.objects.filter(user=user)
            .select_related("workspace")
            .prefetch_related("partnerships")
        }
        for m in cached.values():
            m.shared_partnership_ids = {p.pk for p in m.partnerships.all()}
        user._convenor_memberships = cached
    return cached


def forget_memberships(user: Any) -> None:
    """Drop the per-user cache after a membership changed."""
    if hasattr(user, "_convenor_memberships"):
        del user._convenor_memberships


def membership_for(user: Any, workspace_id: int) -> Membership | None:
    return memberships_of(user).get(workspace_id)


def check(
    user: Any, *, workspace_id: int, partnership_id: int | None = None, need: Access = Access.VIEW
) -> Membership:
    """Return the membership that lets ``user`` do ``need`` here, or refuse."""
    membership = membership_for(user, workspace_id)
    if membership is None:
        raise Http404("Not found")
    if membership.role == Role.PARTNER and (
        partnership_id is None or partnership_id not in membership.shared_partnership_ids
    ):
        # Partners see only the partnerships shared with them, nothing workspace-wide.
        raise Http404("Not found")
    if not membership.allows(need):
        raise PermissionDenied(
            f"Your role ({membership.get_role_display()}) cannot {_NEEDS_TEXT[need]}."
        )
    return membership


def workspace_for(
    user: Any, slug: str, *, need: Access = Access.VIEW, partner_ok: bool = False
) -> Membership:
    """The membership of ``user`` in the workspace ``slug``; its ``.workspace`` is loaded.

    ``partner_ok`` lets a partner-role member reach a workspace-level page that
    itself shows only their own or shared things (e.g. "my action items").
    """
    for membership in memberships_of(user).values():
        if membership.workspace.slug == slug:
            if membership.role == Role.PARTNER and not partner_ok:
                raise Http404("Not found")
            if not membership.allows(need):
                raise PermissionDenied(
                    f"Your role ({membership.get_role_display()}) cannot {_NEEDS_TEXT[need]}."
                )
            return membership
    raise Http404("Not found")


def _partnership_id_of(obj: models.Model) -> int | None:
    if obj._meta.label == "partnerships.Partnership":
        return obj.pk
    return getattr(obj, "partnership_id", None)


def object_for(
    user: Any,
    queryset: type[M] | models.QuerySet[M],
    *,
    need: Access = Access.VIEW,
    **lookup: Any,
) -> M:
    """Fetch one tenant object by ``lookup`` if ``user`` may do ``need`` with it.

    The model must carry ``workspace`` (see ``WorkspaceOwned``); objects of a
    partnership carry ``partnership`` too, which decides partner visibility.
    """
    qs = queryset._default_manager.all() if isinstance(queryset, type) else queryset
    try:
        obj = qs.get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404("Not found") from None
    workspace_id = obj.pk if isinstance(obj, Workspace) else obj.workspace_id
    membership = check(
        user, workspace_id=workspace_id, partnership_id=_partnership_id_of(obj), need=need
    )
    obj.membership = membership  # the caller's membership, for templates and services
    return obj


def partnership_for(user: Any, partnership_id: Any, need: Access = Access.VIEW) -> Any:
    """The partnership ``partnership_id`` (workspace loaded) if ``user`` may do ``need`` there."""
    from convenor.partnerships.models import Partnership

    return object_for(
        user, Partnership.objects.select_related("workspace"), need=need, pk=partnership_id
    )


def child_or_404(queryset: Any, **lookup: Any) -> Any:
    """One object of ``queryset`` (already scoped to an accessible parent), or 404.

    For objects a view reaches through a partnership it has checked, e.g.
    ``child_or_404(Goal.objects.filter(partnership=partnership), pk=goal_id)``.
    """
    qs = queryset._default_manager.all() if isinstance(queryset, type) else queryset
    try:
        return qs.get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404("Not found") from None


def route(
    *, get: Access | str | None = None, post: Access | str | None = None
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Declare what a page needs per method; other methods get 405.

    ``PUBLIC`` pages need no sign-in; ``SIGNED_IN`` pages need a signed-in
    user but no workspace; an ``Access`` level means the view looks up a
    workspace object through the helpers above with at least that level.
    """
    rule = {"GET": get, "POST": post}

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            method = "GET" if request.method == "HEAD" else request.method
            need = rule.get(method or "")
            if need is None:
                return HttpResponseNotAllowed([m for m, n in rule.items() if n is not None])
            if need != PUBLIC and not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            return view(request, *args, **kwargs)

        wrapper.access_rule = rule  # type: ignore[attr-defined]
        return wrapper

    return decorate
