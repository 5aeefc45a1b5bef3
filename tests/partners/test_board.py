"""The pipeline board's dated moves: the date chosen on the board is the date kept in the
partner's history; a date in the future or before the last move is refused by name."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from convenor.partners.models import Stage

HTMX = {"HX-Request": "true"}


def _move(client, partnership, member, **data):
    return client.post(
        f"/p/{partnership.pk}/partners/{member.pk}/move/",
        {"version": member.version, **data},
        headers=HTMX,
    )


def test_a_move_from_the_board_keeps_the_date_chosen(sam, partnership, college_member, client_for):
    on = timezone.localdate() - dt.timedelta(days=2)
    response = _move(client_for(sam), partnership, college_member, stage="met", moved_on=on)
    assert "moved to Met one-on-one" in response.content.decode()
    college_member.refresh_from_db()
    assert college_member.stage == Stage.MET
    assert college_member.stage_changed_on == on
    latest = college_member.moves.order_by("-id").first()
    assert (latest.from_stage, latest.to_stage, latest.moved_on) == ("identified", "met", on)
    page = client_for(sam).get(f"/p/{partnership.pk}/partners/{college_member.pk}/")
    assert f"{on:%Y-%m-%d}</strong>: Identified → Met one-on-one" in page.content.decode()


def test_an_empty_date_means_today(sam, partnership, college_member, client_for):
    _move(client_for(sam), partnership, college_member, stage="contacted", moved_on="")
    college_member.refresh_from_db()
    assert college_member.moves.order_by("-id").first().moved_on == timezone.localdate()


def test_a_future_date_is_refused_and_nothing_moves(sam, partnership, college_member, client_for):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = _move(client_for(sam), partnership, college_member, stage="met", moved_on=tomorrow)
    assert "was not moved: A move cannot be dated in the future." in response.content.decode()
    college_member.refresh_from_db()
    assert college_member.stage == Stage.IDENTIFIED
    assert college_member.moves.count() == 1


def test_a_date_before_the_last_move_is_refused(sam, partnership, college_member, client_for):
    # college_member was added on 2025-12-01.
    response = _move(
        client_for(sam), partnership, college_member, stage="met", moved_on="2025-11-30"
    )
    assert "The previous move is dated 2025-12-01" in response.content.decode()
    college_member.refresh_from_db()
    assert college_member.stage == Stage.IDENTIFIED


def test_editors_get_draggable_cards_and_the_move_date_today(
    sam, partnership, college_member, client_for
):
    content = client_for(sam).get(f"/p/{partnership.pk}/pipeline/").content.decode()
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in content
    assert 'id="board-move-date"' in content
    assert 'draggable="true"' in content
    assert "partners/board.js" in content


def test_a_viewer_gets_no_dragging_and_no_move_date(vic, partnership, college_member, client_for):
    content = client_for(vic).get(f"/p/{partnership.pk}/pipeline/").content.decode()
    assert "board-move-date" not in content
    assert "draggable" not in content
    assert "Identified" in content
