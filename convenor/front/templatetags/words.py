"""Words, not internals: how a page names a person, a sum of money and a count.

``{% load words %}`` then ``{{ entry.actor|person_name }}``, ``{{ pay|money }}``,
``{{ n|counted:"employer" }}``. The functions live in ``convenor.lib.words``, for text
built in Python too.
"""

from __future__ import annotations

from typing import Any

from django import template

from convenor.lib.words import counted, money, person_name

register = template.Library()

register.filter("person_name", person_name)
register.filter("money", money)


@register.filter(name="counted")
def counted_filter(n: Any, words: str) -> str:
    """``{{ n|counted:"employer" }}`` or ``{{ n|counted:"person,people" }}``."""
    singular, _, plural = words.partition(",")
    return counted(n, singular, plural)
