"""The typology of employer challenges, shared by outreach (coding what employers
say in one-on-ones) and planning (issues of a partnership).

Sources: the toolkit's list of common workforce challenges (chapter 3, "high
turnover among key positions, difficulty recruiting or retaining entry-level
workers, a gap between skills of job applicants and skills needed to fill
critical occupations, high rates of retirement, a lack of human resource
capacity") widened by its "Basic Typology of Employer Challenges" (SPEC.md 6).
"""

from __future__ import annotations

from django.db import models


class Challenge(models.TextChoices):
    # The seeds' common workforce challenges
    TURNOVER = "turnover", "High turnover in key positions"
    ENTRY_LEVEL = "entry_level", "Recruiting or retaining entry-level workers"
    SKILLS_GAP = "skills_gap", "Skills gap between applicants and critical occupations"
    RETIREMENT = "retirement", "High retirement rates"
    HR_CAPACITY = "hr_capacity", "Lack of HR capacity"
    # The toolkit's typology of employer challenges
    RECRUITMENT_RETENTION = "recruitment_retention", "Recruitment and retention"
    TECHNICAL_SKILLS = "technical_skills", "Technical skills"
    SOFT_SKILLS = "soft_skills", "Soft skills"
    TRAINING_SLOTS = "training_slots", "Training supply: not enough slots"
    TRAINING_INSTRUCTORS = "training_instructors", "Training supply: instructors"
    TRAINING_RELEVANCE = "training_relevance", "Training supply: relevance of curricula"
    SUPPORT_CHILDCARE = "support_childcare", "Supports: childcare"
    SUPPORT_TRANSPORT = "support_transport", "Supports: transportation"
    SUPPORT_LANGUAGE = "support_language", "Supports: language and literacy"
    PERCEPTION = "perception", "Public perception of the industry"
    BUSINESS_PRESSURES = (
        "business_pressures",
        "General business pressures (costs, regulation, competition)",
    )
    OTHER = "other", "Other"


CHALLENGE_GROUPS: dict[str, list[Challenge]] = {
    "Common workforce challenges": [
        Challenge.TURNOVER,
        Challenge.ENTRY_LEVEL,
        Challenge.SKILLS_GAP,
        Challenge.RETIREMENT,
        Challenge.HR_CAPACITY,
    ],
    "Recruitment and retention": [Challenge.RECRUITMENT_RETENTION],
    "Skills": [Challenge.TECHNICAL_SKILLS, Challenge.SOFT_SKILLS],
    "Training supply": [
        Challenge.TRAINING_SLOTS,
        Challenge.TRAINING_INSTRUCTORS,
        Challenge.TRAINING_RELEVANCE,
    ],
    "Supports": [
        Challenge.SUPPORT_CHILDCARE,
        Challenge.SUPPORT_TRANSPORT,
        Challenge.SUPPORT_LANGUAGE,
    ],
    "Industry image and pressures": [Challenge.PERCEPTION, Challenge.BUSINESS_PRESSURES],
    "Other": [Challenge.OTHER],
}


def validate_challenges(values: list[str]) -> list[str]:
    """Refuse unknown codes with the value named; keep order, drop duplicates."""
    from django.core.exceptions import ValidationError

    unknown = [v for v in values if v not in Challenge.values]
    if unknown:
        raise ValidationError(
            f"Unknown challenge {unknown[0]!r}; use one of: {', '.join(Challenge.values)}."
        )
    return list(dict.fromkeys(values))
