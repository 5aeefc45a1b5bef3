"""Words, not internals: people by name, money in dollars, counts in good English."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template

from convenor.lib.words import counted, money, person_name
from tests.conftest import make_user
from tests.meetings.factories import person


def render(source: str, **context) -> str:
    return Template("{% load words %}" + source).render(Context(context))


@pytest.mark.django_db
def test_a_sign_in_linked_to_a_person_goes_by_the_persons_name(workspace, sam):
    assert person_name(sam) == "Sam Staff"  # no person yet: the account's name
    person(workspace, "Jordan Rivera", user=sam)
    assert person_name(sam) == "Jordan Rivera"
    assert render("saved by {{ u|person_name }}", u=sam) == "saved by Jordan Rivera"


@pytest.mark.django_db
def test_a_sign_in_without_a_name_is_shown_by_its_email_and_nobody_is_blank(db):
    bare = make_user("kim@board.example")
    assert person_name(bare) == "kim@board.example"
    assert person_name(None) == ""


@pytest.mark.django_db
def test_the_person_of_the_workspace_shown_wins_when_a_sign_in_has_several(workspace, alice):
    from convenor.workspaces.services import workspace_create

    other = workspace_create(actor=alice, name="Another board")
    person(other, "Al Owner", user=alice)
    person(workspace, "Alice Whitfield", user=alice)
    assert person_name(alice, workspace) == "Alice Whitfield"
    assert person_name(alice, other.pk) == "Al Owner"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (52340, "$52,340"),
        (52340.0, "$52,340"),
        (1234567.891, "$1,234,567.89"),
        (18.5, "$18.50"),
        (Decimal("0"), "$0"),
        ("71250", "$71,250"),
        (-1500, "-$1,500"),
    ],
)
def test_money_is_dollars_with_thousands_separators(value, shown):
    assert money(value) == shown


@pytest.mark.parametrize("undisclosed", [None, "", "n/d", float("nan"), True])
def test_an_undisclosed_or_missing_sum_is_never_zero_dollars(undisclosed):
    assert money(undisclosed) == "not disclosed"
    assert "$" not in render("{{ v|money }}", v=undisclosed)


def test_money_with_cents_when_asked():
    assert money(52340, 2) == "$52,340.00"
    assert render("{{ v|money:2 }}", v=21) == "$21.00"


@pytest.mark.parametrize(
    ("n", "words", "shown"),
    [
        (1, "employer", "1 employer"),
        (0, "employer", "0 employers"),
        (2, "employer", "2 employers"),
        (1200, "touch,touches", "1,200 touches"),
        (1, "person,people", "1 person"),
        (3, "person,people", "3 people"),
    ],
)
def test_counts_say_one_employer_and_two_employers(n, words, shown):
    assert render("{{ n|counted:w }}", n=n, w=words) == shown
    singular, _, plural = words.partition(",")
    assert counted(n, singular, plural) == shown
