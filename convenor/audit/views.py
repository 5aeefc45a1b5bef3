from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from convenor.audit.selectors import audit_entries
from convenor.lib.htmx import is_htmx
from convenor.workspaces.access import route, workspace_for
from convenor.workspaces.models import Access


@route(get=Access.MANAGE)
def audit_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = workspace_for(request.user, slug, need=Access.MANAGE)
    filters = {
        "query": request.GET.get("q", "")[:200],
        "actor_email": request.GET.get("actor", "")[:254],
        "model": request.GET.get("model", "")[:100],
    }
    entries = audit_entries(membership.workspace, **filters)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    template = "audit/_entries.html" if is_htmx(request) else "audit/list.html"
    return render(
        request,
        template,
        {"membership": membership, "workspace": membership.workspace, "page": page, **filters},
    )
