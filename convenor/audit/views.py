from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from convenor.audit.selectors import audit_page_entries, changes_of
from convenor.lib.htmx import is_htmx
from convenor.workspaces.access import route, workspace_for
from convenor.workspaces.models import Access

PER_PAGE = 50


@route(get=Access.MANAGE)
def audit_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = workspace_for(request.user, slug, need=Access.MANAGE)
    filters = {
        "query": request.GET.get("q", "")[:200],
        "actor": request.GET.get("actor", "")[:254],
        "model": request.GET.get("model", "")[:100],
    }
    entries = audit_page_entries(membership.workspace, **filters)
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    for entry in page:
        entry.change_rows = changes_of(entry)  # type: ignore[attr-defined]
    # The pages' links keep the filter.
    query_string = urlencode(
        {
            k: v
            for k, v in (
                ("q", filters["query"]),
                ("actor", filters["actor"]),
                ("model", filters["model"]),
            )
            if v
        }
    )
    template = "audit/_entries.html" if is_htmx(request) else "audit/list.html"
    return render(
        request,
        template,
        {
            "membership": membership,
            "workspace": membership.workspace,
            "page": page,
            "query_string": query_string,
            **filters,
        },
    )
