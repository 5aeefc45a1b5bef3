"""The one access path to tenant data.

Every view and API endpoint reaches workspace data through these helpers.
They return the object only when the user's membership allows it:

* not a member of the object's workspace -> ``Http404`` (existence is not leaked:
  lookups run inside the user's workspaces, so another workspace's id answers
  exactly like a missing one);
* a partner-role member and the object's partnership is not shared with
  them -> ``Http404``;
* a member whose role the level does not admit -> ``PermissionDenied`` (403),
  e.g. a partner on a ``TEAM`` page of a partnership shared with her.

Pages declare what each HTTP method needs with ``@route``; API operations
declare it with ``openapi_extra=needs(...)`` when it is not the default (VIEW to
read, EDIT to write). Each helper notes the level it checked on the request
(``request.access_checked``), and the route walker proves every route checked at
least what it declares.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponseNotAllowed
from django.http.response import HttpResponseBase

from convenor.workspaces.models import Access, Membership, Role, Workspace

M = TypeVar("M", bound=models.Model)
V = TypeVar("V", bound=Callable[..., HttpResponseBase])

if TYPE_CHECKING:
    from convenor.accounts.models import User

    class SignedInRequest(HttpRequest):
        """A request ``@route`` (or the API's authentication) let through: a user is signed in."""

        user: User
else:
    SignedInRequest = HttpRequest

PUBLIC = "public"
SIGNED_IN = "signed_in"

_NEEDS_TEXT = {
    Access.VIEW: "view this",
    Access.TEAM: "see this: it is the convener team's working view",
    Access.CONTRIBUTE: "add your input here",
    Access.EDIT: "make changes (staff or owner role needed)",
    Access.MANAGE: "manage the workspace (owner role needed)",
}

# The levels the helpers checked during the current request, in order.
_checked: ContextVar[list[Access] | None] = ContextVar("convenor_access_checked", default=None)


@contextlib.contextmanager
def recording() -> Iterator[list[Access]]:
    """Collect the levels the helpers check while the block runs (one request)."""
    levels: list[Access] = []
    token = _checked.set(levels)
    try:
        yield levels
    finally:
        _checked.reset(token)


def _note(need: Access) -> None:
    levels = _checked.get()
    if levels is not None:
        levels.append(need)


def needs(level: Access | str) -> dict[str, Any]:
    """``openapi_extra`` of an API operation whose level is not the default.

    The default is ``VIEW`` for GET and ``EDIT`` for writes; the level is published
    in the OpenAPI schema as ``x-access``.
    """
    return {"x-access": level.value if isinstance(level, Access) else level}


def partnership_model() -> type[models.Model]:
    """The model partner-role members are given access to, as the membership names it."""
    return cast(type[models.Model], Membership._meta.get_field("partnerships").related_model)


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


def _refuse(membership: Membership, need: Access) -> PermissionDenied:
    return PermissionDenied(
        f"Your role ({membership.get_role_display()}) cannot {_NEEDS_TEXT[need]}."
    )


def _allowed(
    user: Any, *, workspace_id: int, partnership_id: int | None, need: Access
) -> Membership:
    membership = membership_for(user, workspace_id)
    if membership is None:
        raise Http404("Not found")
    if membership.role == Role.PARTNER and (
        partnership_id is None or partnership_id not in membership.shared_partnership_ids
    ):
        # Partners see only the partnerships shared with them, nothing workspace-wide.
        raise Http404("Not found")
    if not membership.allows(need):
        raise _refuse(membership, need)
    return membership


def check(
    user: Any, *, workspace_id: int, partnership_id: int | None = None, need: Access = Access.VIEW
) -> Membership:
    """Return the membership that lets ``user`` do ``need`` here, or refuse."""
    _note(need)
    return _allowed(user, workspace_id=workspace_id, partnership_id=partnership_id, need=need)


def workspace_for(
    user: Any, slug: str, *, need: Access = Access.VIEW, partner_ok: bool = False
) -> Membership:
    """The membership of ``user`` in the workspace ``slug``; its ``.workspace`` is loaded.

    ``partner_ok`` lets a partner-role member reach a workspace-level page that
    itself shows only their own or shared things (e.g. "my action items").
    """
    _note(need)
    for membership in memberships_of(user).values():
        if membership.workspace.slug == slug:
            if membership.role == Role.PARTNER and not partner_ok:
                raise Http404("Not found")
            if not membership.allows(need):
                raise _refuse(membership, need)
            return membership
    raise Http404("Not found")


def _partnership_id_of(obj: models.Model) -> int | None:
    if isinstance(obj, partnership_model()):
        return cast(int, obj.pk)
    return getattr(obj, "partnership_id", None)


def in_workspaces_of(user: Any, queryset: type[M] | models.QuerySet[M]) -> models.QuerySet[M]:
    """``queryset`` narrowed to the workspaces ``user`` belongs to (as zulip scopes by realm)."""
    qs = queryset._default_manager.all() if isinstance(queryset, type) else queryset
    field = "pk" if qs.model is Workspace else "workspace_id"
    return qs.filter(**{f"{field}__in": list(memberships_of(user))})


def object_for(
    user: Any,
    queryset: type[M] | models.QuerySet[M],
    *,
    need: Access = Access.VIEW,
    **lookup: Any,
) -> M:
    """Fetch one tenant object by ``lookup`` if ``user`` may do ``need`` with it.

    The model must carry ``workspace`` (see ``WorkspaceOwned``); objects of a
    partnership carry ``partnership`` too, which decides partner visibility. The
    lookup runs inside the user's workspaces: an id of another workspace is not
    fetched at all, so it answers exactly like an id that does not exist.
    """
    _note(need)
    try:
        obj = in_workspaces_of(user, queryset).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404("Not found") from None
    workspace_id = obj.pk if isinstance(obj, Workspace) else obj.workspace_id  # type: ignore[attr-defined]
    membership = _allowed(
        user, workspace_id=workspace_id, partnership_id=_partnership_id_of(obj), need=need
    )
    obj.membership = membership  # type: ignore[attr-defined]  # the caller's, for templates
    return obj


def membership_of(obj: Any) -> Membership:
    """The requester's membership, which :func:`object_for` attaches to what it returns."""
    membership: Membership = obj.membership
    return membership


def partnership_for(user: Any, partnership_id: Any, need: Access = Access.VIEW) -> Any:
    """The partnership ``partnership_id`` (workspace loaded) if ``user`` may do ``need`` there."""
    return object_for(
        user,
        partnership_model()._default_manager.select_related("workspace"),
        need=need,
        pk=partnership_id,
    )


def child_or_404(queryset: Any, **lookup: Any) -> Any:
    """One object of ``queryset`` (already scoped to an accessible parent), or 404.

    For objects a view reaches through a partnership it has checked, e.g.
    ``child_or_404(Goal.objects.filter(partnership=partnership), pk=goal_id)``.
    """
    qs = queryset if isinstance(queryset, models.QuerySet) else queryset._default_manager.all()
    try:
        return qs.get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404("Not found") from None


def route(*, get: Access | str | None = None, post: Access | str | None = None) -> Callable[[V], V]:
    """Declare what a page needs per method; other methods get 405.

    ``PUBLIC`` pages need no sign-in; ``SIGNED_IN`` pages need a signed-in
    user but no workspace; an ``Access`` level means the view looks up a
    workspace object through the helpers above with at least that level (the
    helpers note what they checked; the route walker compares).
    """
    rule = {"GET": get, "POST": post}

    def decorate(view: V) -> V:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            method = "GET" if request.method == "HEAD" else request.method
            need = rule.get(method or "")
            if need is None:
                return HttpResponseNotAllowed([m for m, n in rule.items() if n is not None])
            if need != PUBLIC and not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            return view(request, *args, **kwargs)

        wrapper.access_rule = rule  # type: ignore[attr-defined]
        return cast(V, wrapper)

    return decorate
