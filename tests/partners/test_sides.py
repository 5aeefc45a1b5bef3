"""The one employer-led rule (partners/sides.py), and who speaks for the target industry."""

from __future__ import annotations

from convenor.partners.models import Category
from convenor.partners.sides import Mix, Seat, in_target_industry

EMPLOYER, ASSOCIATION = Category.EMPLOYER, Category.ASSOCIATION
COLLEGE, BOARD = Category.EDUCATION, Category.WORKFORCE_SYSTEM


def test_three_manufacturers_do_not_make_a_logistics_partnership_employer_led():
    seats = [Seat(EMPLOYER, "332710"), Seat(EMPLOYER, "326199"), Seat(EMPLOYER, "331523")]
    mix = Mix.of([*seats, Seat(COLLEGE)], target="48-49")
    assert (mix.employers, mix.outside, mix.public) == (0, 3, 1)
    assert not mix.employer_led
    assert mix.describe() == (
        "0 employers against 1 public partner (3 employers or associations outside the "
        "target industry, not counted)"
    )


def test_employers_of_the_target_industry_lead():
    seats = [Seat(EMPLOYER, "484121"), Seat(EMPLOYER, "493110"), Seat(COLLEGE), Seat(BOARD)]
    mix = Mix.of(seats, target="48-49")
    assert (mix.employers, mix.public, mix.total) == (2, 2, 4)
    assert mix.employer_led


def test_an_employer_with_no_industry_recorded_is_outside_a_chosen_target():
    assert not in_target_industry(EMPLOYER, "", "48-49")
    assert in_target_industry(EMPLOYER, "", "")  # no target chosen: every employer counts


def test_an_association_counts_unless_its_industry_is_unrelated():
    assert in_target_industry(ASSOCIATION, "", "3327")
    assert in_target_industry(ASSOCIATION, "31-33", "3327")  # manufacturers' association
    assert not in_target_industry(ASSOCIATION, "4841", "3327")


def test_categories_alone_count_every_employer_as_before():
    mix = Mix.of([EMPLOYER, ASSOCIATION, COLLEGE, None])
    assert (mix.employers, mix.associations, mix.public, mix.other, mix.outside) == (1, 1, 1, 1, 0)
