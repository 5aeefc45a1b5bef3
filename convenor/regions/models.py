"""Saved regions, QCEW uploads, and analyses saved as a partnership's "why this industry"."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from convenor.analysis.errors import InputError
from convenor.analysis.reference import PERIOD_LABELS, parse_areas, period_label
from convenor.lib.models import WorkspaceOwned


def validate_area_codes(value: str) -> None:
    try:
        parse_areas(value)
    except InputError as exc:
        raise ValidationError(str(exc)) from None


class SavedRegion(WorkspaceOwned):
    """One area (county, state, MSA) or a named set of counties such as a local workforce area."""

    name = models.CharField(max_length=150)
    area_codes = models.CharField(
        "area codes",
        max_length=2000,
        validators=[validate_area_codes],
        help_text="County SSCCC, state SS000 or MSA C#### codes, separated by commas "
        "(e.g. 39049,39041,39045 for a local workforce area).",
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "name"], name="region_name_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def codes(self) -> list[str]:
        return parse_areas(self.area_codes)

    def get_absolute_url(self) -> str:
        return reverse("regions:analysis", kwargs={"region_id": self.pk})


class UploadStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Ingesting"
    DONE = "done", "Done"
    FAILED = "failed", "Rejected"


class QcewUpload(WorkspaceOwned):
    """A QCEW file uploaded through the page, ingested by a background task."""

    file = models.FileField(upload_to="qcew-uploads/%Y/%m/")
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    status = models.CharField(
        max_length=10, choices=UploadStatus.choices, default=UploadStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    message = models.TextField(blank=True)
    results = models.JSONField(default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def can_run_again(self) -> bool:
        """Its ingest stopped with its worker and the file is still kept."""
        from convenor.jobs.runs import stopped_run

        return self.status == UploadStatus.FAILED and bool(self.file) and bool(stopped_run(self))

    @property
    def can_discard(self) -> bool:
        return self.status in (UploadStatus.FAILED, UploadStatus.QUEUED)


class AnalysisSnapshot(WorkspaceOwned):
    """A regional industry analysis saved with its inputs and figures: the partnership's
    "why this industry" record (toolkit: a Regional Needs Assessment is a necessary first
    step; an industry is prioritised based on a regional industry analysis)."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="analysis_snapshots"
    )
    region = models.ForeignKey(
        SavedRegion, on_delete=models.SET_NULL, null=True, blank=True, related_name="snapshots"
    )
    region_name = models.CharField(max_length=300)
    area_codes = models.CharField(max_length=2000)
    # year, period, ownership, level, base_year, weights, estimate_suppressed
    inputs = models.JSONField()
    industry_code = models.CharField(max_length=10)
    industry_title = models.CharField(max_length=200)
    row = models.JSONField(help_text="The chosen industry's figures.")
    top_rows = models.JSONField(default=list, help_text="The ten best-scored industries then.")
    meta = models.JSONField(
        default=dict, help_text="Totals, notes and data sources of the analysis."
    )
    note = models.TextField("why this industry", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.industry_title} in {self.region_name} ({self.inputs.get('year')})"

    @property
    def period_label(self) -> str:
        """The analysed period in words: ``2020 annual average``, ``2020 Q4``, or
        ``2021 four quarters to Q2 (2020 Q3 to 2021 Q2)``."""
        year, period = self.inputs.get("year"), self.inputs.get("period", "a")
        if period not in PERIOD_LABELS or not isinstance(year, int):
            return f"{year} {period}"
        return f"{year} {period_label(year, period)}"

    def summary_facts(self) -> dict[str, Any]:
        """The saved analysis in a few figures, for other apps to show or send.

        ``industry`` and ``region`` in words, ``period`` (:attr:`period_label`),
        the chosen industry's ``employment`` (``at_least`` when some areas were
        suppressed), ``establishments``, ``lq``, ``score`` and ``reasons``, and
        the partners' ``note``. A figure BLS did not disclose is ``None``.
        """
        row = self.row if isinstance(self.row, dict) else {}
        return {
            "industry": self.industry_title,
            "industry_code": self.industry_code,
            "region": self.region_name,
            "period": self.period_label,
            "employment": row.get("employment"),
            "at_least": bool(row.get("lower_bound")),
            "establishments": row.get("establishments"),
            "lq": row.get("lq"),
            "score": row.get("score"),
            "reasons": (row.get("reasons") or "").strip(),
            "note": (self.note or "").strip(),
        }

    def summary(self) -> str:
        """One paragraph: the industry, its size and why (what a first-meeting agenda quotes).

        ``Manufacturing in Central Ohio (2020): at least 61,204 jobs, 1,316
        establishments, location quotient 0.83. <reasons> <note>`` -- figures
        BLS did not disclose are left out, never shown as zero.
        """
        facts = self.summary_facts()
        figures = []
        if _figure(facts["employment"]):
            at_least = "at least " if facts["at_least"] else ""
            figures.append(f"{at_least}{_figure(facts['employment'])} jobs")
        if _figure(facts["establishments"]):
            figures.append(f"{_figure(facts['establishments'])} establishments")
        if _figure(facts["lq"]):
            figures.append(f"location quotient {_figure(facts['lq'])}")
        text = str(self) + (": " + ", ".join(figures) if figures else "") + "."
        for extra in (facts["reasons"], facts["note"]):
            if extra:
                text += " " + extra
        return text


def _figure(value: Any) -> str:
    """A figure as a summary prints it; empty for a missing one (never a zero for it)."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)
