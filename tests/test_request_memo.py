"""Selectors answered once per read-only request (convenor/lib/request_memo.py).

The partnership page asks some questions from several panels (the elected officials'
briefings, the unions, the employers per issue); within one GET they are answered once,
and a write, a command or a test calling a selector always gets a fresh answer.
"""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from convenor.lib.request_memo import per_request, request_scope
from tests.assessment import spine

calls: list[tuple] = []


@per_request
def _answer(*args, **kwargs):
    calls.append((args, kwargs))
    return len(calls)


def test_equal_questions_are_answered_once_inside_a_request_and_every_time_outside(
    partnership, workspace
):
    calls.clear()
    assert _answer([partnership], year=2024) != _answer([partnership], year=2024)
    assert len(calls) == 2  # no request: every call runs

    calls.clear()
    with request_scope():
        first = _answer([partnership], year=2024)
        assert _answer([partnership], year=2024) == first  # the same row, by its key
        assert _answer([partnership], year=2025) != first  # another question
        assert _answer([workspace], year=2024) != first  # another row
        made = (x for x in [1])  # a generator is never recognised again: it runs
        assert _answer(made) != _answer(made)
    assert len(calls) == 5
    with request_scope():
        assert _answer([partnership], year=2024) == 6  # a new request asks again


def test_the_partnership_page_reads_the_briefings_once_and_a_post_is_not_memoised(
    partnership, alice, client_for
):
    _acme, ceo = spine.employer_at_table(partnership, "Acme Plastics", champion=True)
    spine.touch(partnership, [ceo], challenges=["turnover"])
    client = client_for(alice)
    with CaptureQueriesContext(connection) as page:
        assert client.get(f"/p/{partnership.pk}/").status_code == 200
    briefing_reads = [q for q in page.captured_queries if "briefing" in q["sql"].lower()]
    # One read of the people briefed and one of the organisations: the guide's facts and
    # the partners panel both need them, within one page view.
    assert len(briefing_reads) == 2, [q["sql"][:120] for q in briefing_reads]

    from django.test import RequestFactory

    from convenor.lib.middleware import RequestMemo
    from convenor.lib.request_memo import _MEMO

    seen = []
    for method in ("get", "post"):
        request = getattr(RequestFactory(), method)("/")
        RequestMemo(lambda r: seen.append(_MEMO.get()) or None)(request)  # type: ignore[arg-type]
    assert seen[0] == {} and seen[1] is None  # a GET gets a memo, a POST none
