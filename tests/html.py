"""What a reader of a page sees: its text without tags, attributes, scripts or styles.

Tests that assert a figure is *not* shown check this text, never the raw HTML, where ids
in links (``/p/437/``) and tokens in attributes can hold any digits.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def numbers_shown(html: str) -> set[str]:
    """Every number a reader sees, as written and without its thousands separators."""
    found = re.findall(r"\d[\d,]*", visible_text(html))
    return {n.strip(",") for n in found} | {n.replace(",", "") for n in found}
