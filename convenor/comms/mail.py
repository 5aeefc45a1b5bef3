"""Building the messages Convenor sends: a text part, an HTML part, an unsubscribe header.

Every message goes through Django's e-mail backend (console by default, SMTP by
settings); the callers send it from the task worker and record what was sent.
"""

from __future__ import annotations

from collections.abc import Iterable
from email.mime.base import MIMEBase
from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from markdown_it import MarkdownIt

# CommonMark without raw HTML: what a convener types is shown, never run.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def markdown_html(text: str) -> str:
    """Markdown rendered to HTML, with any HTML in the source escaped."""
    return str(_markdown.render(text or ""))


def message(
    *,
    to: str,
    subject: str,
    template: str,
    context: dict[str, Any],
    connection: Any = None,
    unsubscribe_url: str = "",
    attachments: Iterable[MIMEBase] = (),
) -> EmailMultiAlternatives:
    """One message to one address, from ``<template>.txt`` and ``<template>.html``."""
    headers = {}
    if unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
    context = {**context, "unsubscribe_url": unsubscribe_url}
    email = EmailMultiAlternatives(
        subject=subject.replace("\n", " ").strip(),
        body=render_to_string(f"{template}.txt", context),
        to=[to],
        connection=connection,
        headers=headers,
    )
    email.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    for part in attachments:
        email.attach(part)
    return email
