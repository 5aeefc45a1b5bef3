from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from convenor.comms.reminders import send_digests
from convenor.lib.words import counted


class Command(BaseCommand):
    help = (
        "Send today's reminder digests: each user's (and each external partner's) follow-ups "
        "and action items due or overdue; run it daily from cron. A second run on the same "
        "day sends no duplicate."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", default="", help="the day to remind of, YYYY-MM-DD (default: today)"
        )

    def handle(self, *args: Any, date: str, **options: Any) -> None:
        try:
            today = dt.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(f"--date: {date!r} is not a date (use YYYY-MM-DD).") from None
        sent = send_digests(today)
        self.stdout.write(f"{counted(len(sent), 'digest')} sent for {today:%Y-%m-%d}.")
