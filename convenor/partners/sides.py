"""Which side of the table a partner sits on, and the employer-led rule.

The toolkit asks that a sector partnership be employer-led: business leaders at
least as many as the public partners at the table ("Setting the Direction";
Step Two: Identify Partners). Industry and trade associations speak for
employers, so they sit on the industry side; organised labor, community groups
and others sit on neither side and do not count against the employers. Every
employer-led count (a meeting's invitees or attendance, the life-cycle gate,
the self-check, the guide) reads ``Mix`` from here.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from convenor.partners.models import Category


class Side(enum.StrEnum):
    INDUSTRY = "industry"
    PUBLIC = "public"
    OTHER = "other"


INDUSTRY_CATEGORIES = frozenset({Category.EMPLOYER, Category.ASSOCIATION})
PUBLIC_CATEGORIES = frozenset(
    {
        Category.WORKFORCE_SYSTEM,
        Category.EDUCATION,
        Category.ECONOMIC_DEVELOPMENT,
        Category.ELECTED,
        Category.HUMAN_SERVICES,
    }
)


def side_of(category: str | None) -> Side:
    """The side of a partner category (``""``/``None``: no organisation, other)."""
    if category in INDUSTRY_CATEGORIES:
        return Side.INDUSTRY
    if category in PUBLIC_CATEGORIES:
        return Side.PUBLIC
    return Side.OTHER


@dataclass(frozen=True)
class Mix:
    """Who is at the table: employers and associations (the industry side), public
    partners, and others; ``basis`` says what was counted (attended, invited, accepted,
    committed)."""

    employers: int = 0
    associations: int = 0
    public: int = 0
    other: int = 0
    basis: str = "attended"

    @classmethod
    def of(cls, categories: Iterable[str | None], basis: str = "attended") -> Mix:
        """The mix of partners given by their categories, one per partner."""
        employers = associations = public = other = 0
        for category in categories:
            if category == Category.EMPLOYER:
                employers += 1
            elif category == Category.ASSOCIATION:
                associations += 1
            elif category in PUBLIC_CATEGORIES:
                public += 1
            else:
                other += 1
        return cls(employers, associations, public, other, basis)

    @property
    def industry(self) -> int:
        return self.employers + self.associations

    @property
    def total(self) -> int:
        return self.industry + self.public + self.other

    @property
    def employer_share(self) -> float | None:
        return self.employers / self.total if self.total else None

    @property
    def employer_led(self) -> bool:
        """At least one employer, and the industry side at least as many as the public
        partners."""
        return self.employers > 0 and self.industry >= self.public

    def describe(self) -> str:
        """ "3 employers and 1 association against 2 public partners" """
        industry = _plural(self.employers, "employer")
        if self.associations:
            industry += f" and {_plural(self.associations, 'association')}"
        return f"{industry} against {_plural(self.public, 'public partner')}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
