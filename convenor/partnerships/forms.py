from __future__ import annotations

from typing import Any

from django import forms

from convenor.lib.forms import VersionedModelForm
from convenor.partnerships.models import Partnership
from convenor.partnerships.naics import NaicsField
from convenor.regions.models import SavedRegion
from convenor.workspaces.models import Workspace


class PartnershipForm(VersionedModelForm):
    industry_naics = NaicsField(
        label="Target industry (NAICS)",
        help_text="A code or a title from the NAICS list, sector (31-33) to 6 digits. Employers "
        "whose industry falls under it are the industry's voice at the table.",
    )

    class Meta:
        model = Partnership
        fields = [
            "name",
            "industry_naics",
            "industry_title",
            "saved_region",
            "region",
            "stage",
            "mission",
            "started_on",
            "ended_on",
        ]
        widgets = {
            "started_on": forms.DateInput(attrs={"type": "date"}),
            "ended_on": forms.DateInput(attrs={"type": "date"}),
            "mission": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "industry_title": "Leave empty to fill it from the NAICS code.",
            "mission": "The mission statement or vision for change the partners develop together "
            "(first and second meetings).",
        }

    def __init__(self, *args: Any, workspace: Workspace | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The unique (workspace, name) check needs the workspace before validation.
        if workspace is not None:
            self.instance.workspace = workspace
        # Only the workspace's own saved regions (ids of another are refused as invalid).
        saved = self.fields["saved_region"]
        assert isinstance(saved, forms.ModelChoiceField)
        saved.queryset = SavedRegion.objects.filter(workspace_id=self.instance.workspace_id)
        saved.empty_label = "(none: describe the region below)"
        self.fields[
            "region"
        ].help_text = (
            "Filled from the saved region's name; or describe the region when it is not saved."
        )
        if self.instance.pk:
            # A stage move has gate criteria and is recorded as a decision: it is made on
            # the life-cycle page, not by editing a field.
            del self.fields["stage"]
        else:
            self.fields["stage"].label = "Starting stage"
