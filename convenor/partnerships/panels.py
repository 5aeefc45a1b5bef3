"""Sections other apps add to the partnership page.

An app contributes by shipping ``<app>/panels.py`` with
``partnership_panel(request, partnership) -> str | None`` (rendered HTML, or
None to show nothing) and optionally ``PANEL_ORDER`` (lower comes first;
default 50). The partnership's ``membership`` (the viewer's) is attached.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from types import ModuleType

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from convenor.partnerships.models import Partnership
from convenor.routing import APPS


@cache
def _panel_modules() -> list[ModuleType]:
    modules = []
    for app in APPS:
        try:
            modules.append(import_module(f"convenor.{app}.panels"))
        except ModuleNotFoundError as exc:
            if exc.name != f"convenor.{app}.panels":
                raise
    modules = [m for m in modules if hasattr(m, "partnership_panel")]
    return sorted(modules, key=lambda m: getattr(m, "PANEL_ORDER", 50))


def partnership_panels(request: HttpRequest, partnership: Partnership) -> list[SafeString]:
    panels = []
    for module in _panel_modules():
        html = module.partnership_panel(request, partnership)
        if html:
            panels.append(mark_safe(html))  # rendered by our own templates
    return panels
