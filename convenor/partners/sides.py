"""Which side of the table a partner sits on, and the employer-led rule.

The toolkit asks that a sector partnership be employer-led: business leaders at
least as many as the public partners at the table ("Setting the Direction";
Step Two: Identify Partners). Industry and trade associations speak for
employers, so they sit on the industry side; organised labor, community groups
and others sit on neither side and do not count against the employers. Every
employer-led count (a meeting's invitees or attendance, the life-cycle gate,
the self-check, the guide) reads ``Mix`` from here.

The industry is the partnership's target industry ("engage as many employers as
possible within the target industry"): once it is chosen, an employer speaks for
the industry only when its industry falls under the target
(``partnerships.naics.within``); an employer of another industry, or one whose
industry is not recorded, still counts as a partner (``outside``), not as the
industry's voice. An association counts unless its recorded industry is unrelated
to the target. Callers that give categories alone, without a target, count every
employer.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from convenor.lib.words import counted
from convenor.partners.models import Category
from convenor.partnerships.naics import within


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


@dataclass(frozen=True)
class Seat:
    """One partner at the table: its organisation's category and industry (NAICS)."""

    category: str | None
    naics: str = ""


def in_target_industry(category: str | None, naics: str, target: str) -> bool:
    """Does this partner speak for the target industry? An employer whose industry falls
    under the target (any employer while no target is chosen); an association unless
    its recorded industry is unrelated to the target."""
    if category == Category.EMPLOYER:
        return not target or within(naics, target)
    if category == Category.ASSOCIATION:
        return not target or not naics or within(naics, target) or within(target, naics)
    return False


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
    # Employers and associations of other industries than the target (or whose
    # industry is not recorded): partners, not the industry's voice.
    outside: int = 0

    @classmethod
    def of(
        cls, partners: Iterable[str | Seat | None], basis: str = "attended", *, target: str = ""
    ) -> Mix:
        """The mix of partners, one per partner: a ``Seat`` (category and industry), or a
        category alone (its industry unknown). ``target``: the target industry's NAICS
        code ("" while none is chosen: every employer counts)."""
        employers = associations = public = other = outside = 0
        for partner in partners:
            category, naics = (
                (partner.category, partner.naics) if isinstance(partner, Seat) else (partner, "")
            )
            if category in INDUSTRY_CATEGORIES:
                if not in_target_industry(category, naics, target):
                    outside += 1
                elif category == Category.EMPLOYER:
                    employers += 1
                else:
                    associations += 1
            elif category in PUBLIC_CATEGORIES:
                public += 1
            else:
                other += 1
        return cls(employers, associations, public, other, basis, outside)

    @property
    def industry(self) -> int:
        return self.employers + self.associations

    @property
    def total(self) -> int:
        return self.industry + self.public + self.other + self.outside

    @property
    def employer_share(self) -> float | None:
        return self.employers / self.total if self.total else None

    @property
    def employer_led(self) -> bool:
        """At least one employer, and the industry side at least as many as the public
        partners."""
        return self.employers > 0 and self.industry >= self.public

    def describe(self) -> str:
        """ "3 employers and 1 association against 2 public partners", and "(2 employers
        or associations of other industries not counted)" when there are some."""
        industry = counted(self.employers, "employer")
        if self.associations:
            industry += f" and {counted(self.associations, 'association')}"
        text = f"{industry} against {counted(self.public, 'public partner')}"
        if self.outside:
            text += (
                f" ({counted(self.outside, 'employer or association', 'employers or associations')}"
                " outside the target industry, not counted)"
            )
        return text
