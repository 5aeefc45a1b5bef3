"""Recruitment material: what to hand a partner you enlist (Step Three: Engage and Enlist).

"In all initial communications, share the purpose of the initiative. Provide an
overview of the life cycle of a sector initiative. Explain why their
participation is critical, and how their organization can benefit from
participating. Be clear about partner roles and responsibilities."

The defaults below come from the toolkit's descriptions of each partner category
(Step Two: Identify Partners); a partnership replaces any of them with its own
words (``RecruitmentMaterial``), and the handout fills in the partnership's own
data: its name, industry, region, mission, stage, who is at the table, and the
challenges employers raised.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from convenor.intermediaries.selectors import current_term, terms_of
from convenor.outreach.models import RecruitmentMaterial
from convenor.outreach.selectors import challenge_counts
from convenor.partners.models import AT_THE_TABLE, Category, PartnershipMember
from convenor.partnerships.models import STAGE_HELP, Partnership, Stage

DEFAULT_BENEFITS: dict[str, list[str]] = {
    Category.EMPLOYER: [
        "You chart the course: the partnership is built around employers' needs, and employers "
        "decide its direction.",
        "Solutions to workforce challenges shared across the industry, not one firm: recruiting "
        "and retaining workers, skills gaps, retirements, HR capacity.",
        "Training that fits your jobs, designed with the colleges and training providers at the "
        "table.",
        "Access to pools of prepared workers through the public workforce system.",
        "Your time respected: short meetings, each with a clear objective and a decision.",
    ],
    Category.ASSOCIATION: [
        "Serve your members on the workforce issues they raise most.",
        "Bring the industry's expertise to the table and open doors to employers not yet engaged.",
        "Spread the word about the partnership and its goals through your channels.",
    ],
    Category.ECONOMIC_DEVELOPMENT: [
        "A skilled workforce to back business retention and recruitment strategies.",
        "Early word on local industry needs, risks of job loss, and companies moving in.",
        "A coordinated employer voice in the region's economic plans.",
    ],
    Category.WORKFORCE_SYSTEM: [
        "Use existing resources that bring employers and workers together, aimed at the target "
        "industry.",
        "Employers' needs heard first-hand, so programs and funding match real jobs.",
        "A place to align services with education, economic development and community partners.",
    ],
    Category.EDUCATION: [
        "Curricula, degrees and credentials that stay relevant to the needs of industry.",
        "Employer input on programs, instructors and equipment; work-based learning and hiring "
        "paths for your students.",
        "A clear picture of demand for critical occupations in the region.",
    ],
    Category.LABOR: [
        "A voice on training, worker recruitment, retention and career ladders in the industry.",
        "Solutions designed with workers' interests at the table from the start.",
    ],
    Category.HUMAN_SERVICES: [
        "Paths into training and jobs for the low-income and low-skilled workers you serve.",
        "Entry-level openings ('backfill') as incumbent workers advance.",
        "Support services planned with employers, so people stay in the jobs they get.",
    ],
    Category.COMMUNITY: [
        "Good jobs for the worker populations you serve.",
        "Your knowledge of those workers' needs shaping the partnership's solutions.",
    ],
    Category.ELECTED: [
        "Support for an industry and the workers in your constituency, with results to show.",
        "Kept fully informed, with a direct line to employers' workforce challenges.",
    ],
    Category.OTHER: [
        "Barriers such as transportation and housing addressed together with employers and "
        "service providers.",
    ],
}

DEFAULT_ROLES: dict[str, list[str]] = {
    Category.EMPLOYER: [
        "Share the workforce challenges you face, one-on-one and at the table.",
        "Chart the direction: prioritise the issues and choose the solutions.",
        "Speak for the partnership to other employers (as a champion).",
        "Take on action items, and share hiring projections for critical jobs.",
    ],
    Category.ELECTED: [
        "Stay informed of the partnership's work and progress.",
        "Support it publicly, and help remove policy barriers it identifies.",
    ],
}
DEFAULT_PARTNER_ROLES = [
    "Participate, and listen carefully to what employers are saying.",
    "Bring your knowledge of what your organisation or system can offer.",
    "Help design and implement joint solutions to employers' needs.",
    "Take on action items in your area and report back.",
]


def default_purpose(partnership: Partnership) -> str:
    industry = partnership.industry_title or "the target industry"
    region = f" in {partnership.region}" if partnership.region else ""
    text = (
        f"{partnership.name} brings together employers in {industry.lower()}{region} with the "
        "education, workforce and community organisations that serve them, to solve the "
        "workforce challenges employers share."
    )
    if partnership.mission:
        text += f" Our mission: {partnership.mission.strip()}"
    return text


def current_convener(partnership: Partnership, today: dt.date | None = None) -> str:
    """Who convenes the partnership today, from the intermediary history (the running
    convener term); the workspace only when no term is recorded. A handout handed to a
    partner names the organisation they will actually deal with."""
    term = current_term(
        terms_of(partnership).select_related("convener"), today or timezone.localdate()
    )
    if term is None:
        return partnership.workspace.name
    return term.convener.name if term.convener is not None else term.convener_name


def intermediary_role(partnership: Partnership, convener: str | None = None) -> str:
    convener = convener or current_convener(partnership)
    return (
        f"{convener} convenes the partnership: it mobilises the partners and "
        "provides a forum for action. It does not chart the course; the employers do."
    )


def _lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]


@dataclass
class Material:
    category: str
    purpose: str
    benefits: list[str]
    roles: list[str]
    contact: str
    stored: RecruitmentMaterial | None = None  # the category's own record, if any
    customised: list[str] = field(default_factory=list)  # fields the partnership wrote

    @property
    def category_label(self) -> str:
        return Category(self.category).label if self.category else "All partners"


def material_for(
    partnership: Partnership,
    category: str,
    records: dict[str, RecruitmentMaterial] | None = None,
) -> Material:
    """The texts for one category: its own record, else the general one, else the default."""
    if records is None:
        records = {
            r.category: r
            for r in RecruitmentMaterial.objects.filter(
                partnership=partnership, category__in=["", category]
            )
        }
    own, general = records.get(category), records.get("")
    customised = []

    def pick(name: str) -> str:
        for record in (own, general):
            if record is not None and getattr(record, name):
                customised.append(name)
                return str(getattr(record, name))
        return ""

    purpose = pick("purpose") or default_purpose(partnership)
    benefits_text = pick("benefits")
    benefits = (
        _lines(benefits_text)
        if benefits_text
        else DEFAULT_BENEFITS.get(category, DEFAULT_BENEFITS[Category.EMPLOYER])
    )
    roles_text = pick("roles")
    roles = _lines(roles_text) if roles_text else DEFAULT_ROLES.get(category, DEFAULT_PARTNER_ROLES)
    contact = pick("contact") or current_convener(partnership)
    return Material(category, purpose, benefits, roles, contact, own, customised)


def handout_pdf(context: dict[str, Any]) -> bytes:
    """The handout as a PDF (WeasyPrint, as the plan's export): the same partial as the
    page, laid out on A4/Letter with its own print styles; no network (no base URL)."""
    from weasyprint import HTML

    html = render_to_string("outreach/handout_pdf.html", context)
    return HTML(string=html, base_url=None).write_pdf()


def handout_filename(partnership: Partnership, label: str) -> str:
    return f"{slugify(partnership.name) or 'partnership'}-{slugify(label) or 'handout'}.pdf"


def handout(
    partnership: Partnership, category: str, member: PartnershipMember | None = None
) -> dict[str, Any]:
    """Everything a printable handout shows, from the partnership's own data."""
    material = material_for(partnership, category)
    convener = current_convener(partnership)
    at_table = list(
        PartnershipMember.objects.filter(partnership=partnership, stage__in=AT_THE_TABLE)
        .select_related("organisation", "person__organisation")
        .order_by("organisation__name", "person__name")
    )
    organisations = list(
        dict.fromkeys(m.member_organisation.name for m in at_table if m.member_organisation)
    )
    employers = {
        m.member_organisation.pk
        for m in at_table
        if m.member_organisation and m.member_organisation.category == Category.EMPLOYER
    }
    challenges = [c for c in challenge_counts(partnership) if c.employers][:5]
    stages = [
        {
            "label": s.label,
            "help": STAGE_HELP[s],
            "current": s == partnership.stage,
        }
        for s in Stage
    ]
    return {
        "material": material,
        "stages": stages,
        "intermediary_role": intermediary_role(partnership, convener),
        "convener": convener,
        "at_table": organisations[:15],
        "at_table_more": max(0, len(organisations) - 15),
        "employer_count": len(employers),
        "challenges": challenges,
        "member": member,
    }
