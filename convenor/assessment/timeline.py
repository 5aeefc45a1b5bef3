"""The partnership's timeline on one page: stages, meetings, decisions, conveners, phases."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from convenor.assessment.models import LifecycleMove, Phase
from convenor.lib.charts import SCHEMA, styled
from convenor.lib.palette import INK, SERIES
from convenor.lib.words import counted
from convenor.partnerships.models import Partnership, Stage


def stage_spans(
    partnership: Partnership, moves: list[LifecycleMove], today: dt.date
) -> list[dict[str, Any]]:
    """(stage, from, to) spans from the recorded moves; the first starts at the creation."""
    start = partnership.started_on or timezone.localdate(partnership.created_at)
    spans: list[dict[str, Any]] = []
    stage = moves[0].from_stage if moves else partnership.stage
    for move in moves:
        spans.append({"stage": stage, "start": start, "end": move.moved_on})
        stage, start = move.to_stage, move.moved_on
    spans.append({"stage": stage, "start": start, "end": today})
    return [s for s in spans if s["end"] >= s["start"]]


def events(partnership: Partnership, rows: dict[str, list[Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    pid = partnership.pk
    created = timezone.localdate(partnership.created_at)
    out.append(
        {
            "date": partnership.started_on or created,
            "kind": "stage",
            "title": "Partnership started",
            "detail": f"Stage: {Stage(rows['moves'][0].from_stage).label}"
            if rows["moves"]
            else f"Stage: {partnership.get_stage_display()}",
            "url": "",
        }
    )
    for move in rows["moves"]:
        detail = move.reason
        if move.unmet:
            detail = f"{counted(len(move.unmet), 'criterion', 'criteria')} unmet. " + detail
        out.append(
            {
                "date": move.moved_on,
                "kind": "stage",
                "title": f"{move.get_from_stage_display()} → {move.get_to_stage_display()}",
                "detail": detail,
                "url": "",
            }
        )
    for m in rows["meetings"]:
        out.append(
            {
                "date": timezone.localdate(m.starts_at),
                "kind": "meeting",
                "title": m.title + (" (kick-off)" if m.is_kickoff else ""),
                "detail": m.objective,
                "url": reverse(
                    "meetings:detail", kwargs={"partnership_id": pid, "meeting_id": m.pk}
                ),
            }
        )
    for d in rows["decisions"]:
        out.append(
            {
                "date": d.decided_on,
                "kind": "decision",
                "title": d.text[:160],
                "detail": ", ".join(
                    x for x in (d.decided_by, f"at {d.meeting.title}" if d.meeting else "") if x
                ),
                "url": reverse(
                    "meetings:decision", kwargs={"partnership_id": pid, "decision_id": d.pk}
                ),
            }
        )
    for t in rows["terms"]:
        fiscal = ""
        if t.fiscal_agent_name:
            fiscal = (
                "; also fiscal agent"
                if t.fiscal_agent_name == t.convener_name
                else f"; fiscal agent: {t.fiscal_agent_name}"
            )
        out.append(
            {
                "date": t.started_on,
                "kind": "convener",
                "title": f"{t.convener_name} convenes{fiscal}",
                "detail": t.reason,
                "url": reverse("intermediaries:history", kwargs={"partnership_id": pid}),
            }
        )
    for p in rows["phases"]:
        out.append(
            {
                "date": p.noted_on,
                "kind": "phase",
                "title": f"Group phase: {p.get_phase_display()}",
                "detail": p.note,
                "url": "",
            }
        )
    order = {"stage": 0, "convener": 1, "meeting": 2, "decision": 3, "phase": 4}
    out.sort(key=lambda e: (e["date"], order[e["kind"]]), reverse=True)
    return out


def chart(partnership: Partnership, rows: dict[str, list[Any]]) -> dict[str, Any]:
    """Vega-Lite: stage and convener spans as bars, meetings as ticks, on one time axis."""
    today = timezone.localdate()
    values = [
        {
            "track": "Stage",
            "label": Stage(s["stage"]).label,
            "start": s["start"].isoformat(),
            "end": (s["end"] + dt.timedelta(days=1)).isoformat(),
        }
        for s in stage_spans(partnership, rows["moves"], today)
    ]
    for t in rows["terms"]:
        values.append(
            {
                "track": "Convener",
                "label": t.convener_name,
                "start": t.started_on.isoformat(),
                "end": ((t.ended_on or today) + dt.timedelta(days=1)).isoformat(),
            }
        )
    phases = rows["phases"]
    for p, nxt in zip(phases, [*phases[1:], None][: len(phases)], strict=True):
        values.append(
            {
                "track": "Group phase",
                "label": p.get_phase_display(),
                "start": p.noted_on.isoformat(),
                "end": ((nxt.noted_on if nxt else today) + dt.timedelta(days=1)).isoformat(),
            }
        )
    meetings = [
        {
            "track": "Meetings",
            "date": timezone.localdate(m.starts_at).isoformat(),
            "label": m.title,
        }
        for m in rows["meetings"]
    ]
    tracks = ["Stage", "Convener", "Group phase", "Meetings"]
    y = {"field": "track", "type": "nominal", "title": None, "sort": tracks}
    x = {"field": "start", "type": "temporal", "title": None}
    # One colour scale and one legend per track, each with its own title: in one
    # shared legend stages, conveners and phases read as one list of things.
    orders = {
        "Stage": [str(label) for label in Stage.labels],
        "Group phase": [str(label) for label in Phase.labels],
    }
    layers: list[dict[str, Any]] = []
    for track, colours in (
        ("Stage", {"scheme": "tealblues"}),
        ("Convener", {"range": SERIES}),
        ("Group phase", {"scheme": "oranges"}),
    ):
        spans = [v for v in values if v["track"] == track]
        if not spans:
            continue
        present = {v["label"] for v in spans}
        domain = [label for label in orders.get(track, []) if label in present] or sorted(present)
        layers.append(
            {
                "data": {"values": spans},
                "mark": {"type": "bar", "cornerRadius": 2},
                "encoding": {
                    "y": y,
                    "x": x,
                    "x2": {"field": "end"},
                    "color": {
                        "field": "label",
                        "type": "nominal",
                        "title": track,
                        "scale": {"domain": domain, **colours},
                    },
                    "tooltip": [
                        {"field": "track", "title": "Track"},
                        {"field": "label", "title": track},
                        {"field": "start", "type": "temporal", "title": "From"},
                        {"field": "end", "type": "temporal", "title": "Until"},
                    ],
                },
            }
        )
    if meetings:
        layers.append(
            {
                "data": {"values": meetings},
                "mark": {"type": "tick", "thickness": 2, "color": INK},
                "encoding": {
                    "y": y,
                    "x": {"field": "date", "type": "temporal"},
                    "tooltip": [
                        {"field": "label", "title": "Meeting"},
                        {"field": "date", "type": "temporal", "title": "Date"},
                    ],
                },
            }
        )
    return styled(
        {
            "$schema": SCHEMA,
            "description": "Stages, conveners, group phases and meetings over time",
            "width": "container",
            "height": {"step": 32},
            "layer": layers,
            "resolve": {"scale": {"color": "independent"}},
        }
    )
