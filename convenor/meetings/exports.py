"""Minutes as PDF and DOCX, the decision log as CSV: documents people print or send."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateformat import format as date_format

from convenor.lib.spreadsheets import safe_cell
from convenor.meetings.models import ActionItem, Attendance, Decision, Meeting
from convenor.meetings.selectors import mix_of, side_label, with_interests
from convenor.partners.sides import Mix
from convenor.partnerships.models import Partnership
from convenor.workspaces.models import Membership


@dataclass
class Minutes:
    """Everything the minutes show, read once from a prefetched meeting."""

    meeting: Meeting
    present: list[Attendance]
    absent: list[Attendance]
    not_recorded: list[Attendance]
    mix: Mix
    decisions: list[Decision]
    action_items: list[ActionItem]

    @property
    def when(self) -> str:
        start = timezone.localtime(self.meeting.starts_at)
        end = timezone.localtime(self.meeting.ends_at)
        return f"{date_format(start, 'l j F Y, H:i')} to {date_format(end, 'H:i')}"

    @property
    def agenda(self) -> list[Any]:
        return list(self.meeting.agenda_items.all())

    @property
    def agenda_minutes(self) -> int:
        return sum(item.minutes for item in self.agenda)


def minutes_of(meeting: Meeting) -> Minutes:
    rows = list(meeting.attendance.all())
    return Minutes(
        meeting=meeting,
        present=[a for a in rows if a.attended],
        absent=[a for a in rows if a.attended is False],
        not_recorded=[a for a in rows if a.attended is None],
        mix=mix_of(rows, target=meeting.partnership.industry_naics),
        decisions=list(meeting.decisions.all()),
        action_items=list(meeting.action_items.all()),
    )


def _who(a: Attendance) -> str:
    org = f", {a.person.organisation}" if a.person.organisation_id else ""
    return f"{a.person.name}{org} ({side_label(a.person)})"


def minutes_pdf(minutes: Minutes) -> bytes:
    from weasyprint import HTML  # heavy (and native libraries): loaded for a PDF only

    html = render_to_string("meetings/minutes_print.html", {"m": minutes, "who": _who})
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def minutes_docx(minutes: Minutes) -> bytes:
    from docx import Document  # loaded for a DOCX only, like weasyprint

    meeting = minutes.meeting
    doc = Document()
    doc.core_properties.title = f"Minutes: {meeting.title}"
    doc.add_heading(meeting.title, level=0)
    doc.add_paragraph(f"{meeting.partnership.name} · {meeting.get_event_type_display()}")
    doc.add_paragraph(minutes.when + (f" · {meeting.location}" if meeting.location else ""))
    doc.add_heading("Objective", level=1)
    doc.add_paragraph(meeting.objective)

    doc.add_heading("Attendance", level=1)
    mix = minutes.mix
    doc.add_paragraph(
        f"Employers {mix.employers}, industry associations {mix.associations}, public partners "
        f"{mix.public}, other partners {mix.other} "
        f"({'attended' if mix.basis == 'attended' else 'invited; attendance not recorded'})."
    )
    for label, rows in (
        ("Present", minutes.present),
        ("Absent", minutes.absent),
        ("Not recorded", minutes.not_recorded),
    ):
        if rows:
            doc.add_paragraph(f"{label}:", style="Heading 3")
            for a in rows:
                doc.add_paragraph(_who(a), style="List Bullet")

    if minutes.agenda:
        doc.add_heading(f"Agenda ({minutes.agenda_minutes} minutes)", level=1)
        table = doc.add_table(rows=1, cols=3)
        table.style = "Light Grid Accent 1"
        head = table.rows[0].cells
        head[0].text, head[1].text, head[2].text = "Item", "Led by", "Minutes"
        for item in minutes.agenda:
            cells = table.add_row().cells
            cells[0].text, cells[1].text, cells[2].text = item.title, item.lead, str(item.minutes)

    doc.add_heading("Minutes", level=1)
    for paragraph in (meeting.notes or "No minutes written.").split("\n\n"):
        doc.add_paragraph(paragraph.strip())

    doc.add_heading("Decisions", level=1)
    if not minutes.decisions:
        doc.add_paragraph("No decision recorded.")
    for d in minutes.decisions:
        by = f" ({d.decided_by})" if d.decided_by else ""
        doc.add_paragraph(f"{d.decided_on:%Y-%m-%d}: {d.text}{by}", style="List Number")

    doc.add_heading("Action items", level=1)
    if not minutes.action_items:
        doc.add_paragraph("No action item recorded.")
    else:
        table = doc.add_table(rows=1, cols=4)
        table.style = "Light Grid Accent 1"
        head = table.rows[0].cells
        for cell, text in zip(head, ("Action", "Owner", "Due", "Status"), strict=True):
            cell.text = text
        for item in minutes.action_items:
            cells = table.add_row().cells
            cells[0].text = item.title
            cells[1].text = item.owner.name if item.owner else "—"
            cells[2].text = f"{item.due_on:%Y-%m-%d}" if item.due_on else "—"
            cells[3].text = item.get_status_display()
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


DECISION_COLUMNS = [
    "id",
    "decided_on",
    "text",
    "decided_by",
    "where",
    "meeting",
    "meeting_date",
    "one_on_one",
    "action_items",
    "issues",
    "goals",
    "declared_interests",
]


def _titles(objects: Iterable[Any]) -> str:
    return "; ".join(str(o) for o in objects)


def interests_cell(decision: Decision) -> str:
    """The declared interests of those deciding, one summary each, " | " between them."""
    return " | ".join(i.summary() for i in getattr(decision, "interests", []))


def decisions_csv(
    decisions: Iterable[Decision], *, membership: Membership, partnership: Partnership | None = None
) -> str:
    """The decision log as CSV, with the declared interests of those deciding.

    The interests are those of the decision pages (``selectors.with_interests``, as
    the reader's ``membership`` may see them), read for all the decisions at once.
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(DECISION_COLUMNS)
    for d in with_interests(decisions, membership=membership, partnership=partnership):
        where = "meeting" if d.meeting_id else ("one-on-one" if d.touch_id else "")
        writer.writerow(
            [
                safe_cell(v)
                for v in (
                    d.pk,
                    d.decided_on.isoformat(),
                    d.text,
                    d.decided_by,
                    where,
                    d.meeting.title if d.meeting is not None else "",
                    f"{timezone.localtime(d.meeting.starts_at):%Y-%m-%d}"
                    if d.meeting is not None
                    else "",
                    str(d.touch) if d.touch_id else "",
                    getattr(d, "action_item_count", ""),
                    _titles(d.issues.all()),
                    _titles(d.goals.all()),
                    interests_cell(d),
                )
            ]
        )
    return out.getvalue()
