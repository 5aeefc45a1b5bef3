"""Minutes: the page, concurrent edits, and the PDF and DOCX exports."""

from __future__ import annotations

import io

import docx
from django.utils import timezone

from convenor.meetings import services


def minutes_url(meeting, suffix="minutes/"):
    return f"/p/{meeting.partnership_id}/meetings/{meeting.pk}/{suffix}"


def held(upcoming, alice, ceo):
    services.attendance_record(actor=alice, meeting=upcoming, attended_person_ids=[ceo.pk])
    services.decision_create(
        actor=alice,
        partnership=upcoming.partnership,
        text="Start a nursing assistant apprenticeship.",
        decided_on=timezone.localdate(),
        decided_by="Employer partners",
        meeting=upcoming,
    )
    services.action_item_create(
        actor=alice,
        partnership=upcoming.partnership,
        title="Ask the college for a training slot count",
        owner=ceo,
        meeting=upcoming,
    )
    upcoming.refresh_from_db()
    return upcoming


def test_the_minutes_page_shows_attendance_decisions_and_action_items(
    upcoming, alice, ceo, client_for
):
    m = held(upcoming, alice, ceo)
    content = client_for(alice).get(minutes_url(m)).content.decode()
    assert "Employers 1, industry associations 0, public partners 0, other partners 0" in content
    assert "Start a nursing assistant apprenticeship." in content
    assert "Ask the college for a training slot count" in content


def test_saving_the_minutes_keeps_them(upcoming, alice, client_for):
    response = client_for(alice).post(
        minutes_url(upcoming), {"notes": "Employers spoke first.", "version": upcoming.version}
    )
    assert response.status_code == 302
    upcoming.refresh_from_db()
    assert upcoming.notes == "Employers spoke first."


def test_concurrent_edits_of_the_minutes_keep_both_texts_on_the_page(
    upcoming, alice, sam, client_for
):
    opened = upcoming.version
    client_for(sam).post(minutes_url(upcoming), {"notes": "Sam's text.", "version": opened})
    response = client_for(alice).post(
        minutes_url(upcoming), {"notes": "Alice's text.", "version": opened}
    )
    assert response.status_code == 409
    content = response.content.decode()
    assert "changed by Sam Staff after you opened it" in content
    assert "Alice&#x27;s text." in content  # hers, still in the form
    assert "Sam&#x27;s text." in content  # theirs, shown beside it
    upcoming.refresh_from_db()
    assert upcoming.notes == "Sam's text."
    # Saving again is a deliberate choice, made on the current version.
    form = response.context["form"]
    assert form.data["version"] == str(upcoming.version)


def test_a_viewer_reads_the_minutes_but_cannot_edit_them(upcoming, vic, client_for):
    client = client_for(vic)
    response = client.get(minutes_url(upcoming))
    assert response.status_code == 200 and response.context["form"] is None
    assert client.post(minutes_url(upcoming), {"notes": "x"}).status_code == 403


def test_the_minutes_export_as_a_pdf(upcoming, alice, ceo, client_for):
    m = held(upcoming, alice, ceo)
    response = client_for(alice).get(minutes_url(m, "minutes.pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert len(response.content) > 2000


def test_the_minutes_export_as_a_docx(upcoming, alice, ceo, client_for):
    m = held(upcoming, alice, ceo)
    response = client_for(alice).get(minutes_url(m, "minutes.docx"))
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert m.title in text
    assert "Start a nursing assistant apprenticeship. (Employer partners)" in text
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "Ask the college for a training slot count" in cells
