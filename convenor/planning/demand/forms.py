"""The form of a hiring projection; an employer partner's rows are always her own employer's."""

from __future__ import annotations

from typing import Any

from django import forms

from convenor.lib.forms import VersionedModelForm
from convenor.partners.models import Category, Organisation
from convenor.partnerships.models import Partnership
from convenor.planning.fields import choose_from
from convenor.planning.models import DISCLOSURE_RULE, HiringProjection
from convenor.planning.people import organisations_of


class ProjectionForm(VersionedModelForm):
    class Meta:
        model = HiringProjection
        fields = [
            "organisation",
            "occupation_title",
            "soc_code",
            "openings_12m",
            "openings_36m",
            "skills",
        ]
        widgets = {"skills": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "soc_code": "Optional, e.g. 51-4041 (machinists).",
            "openings_12m": f"Other partners see only pooled figures. {DISCLOSURE_RULE}",
            "openings_36m": "Including the next 12 months.",
            "skills": "Separate with commas, e.g. 'blueprint reading, NIMS Level I'.",
        }

    def __init__(
        self,
        *args: Any,
        partnership: Partnership,
        organisation: Organisation | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if organisation is not None:
            # An employer partner enters rows for their own organisation only.
            del self.fields["organisation"]
            self.instance.organisation = organisation
        else:
            choose_from(
                self,
                "organisation",
                organisations_of(partnership).filter(category=Category.EMPLOYER),
            )
        self.instance.workspace_id = partnership.workspace_id
