"""Forms of the contact import: the upload, and the preview's settings (one select per column)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from convenor.partners.imports import field_choices
from convenor.partners.models import Category, ImportBatch
from convenor.partners.tabular import ENCODINGS, MAX_BYTES, size_problem


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV or Excel file",
        help_text="Contact exports from Outlook, Google Contacts, Salesforce, HubSpot or "
        f"LinkedIn, or a Convenor export, up to {MAX_BYTES // 1024 // 1024} MB. Columns are "
        "matched from the header.",
    )
    target = forms.ChoiceField(
        label="What the rows are", choices=ImportBatch.Target.choices, widget=forms.RadioSelect
    )
    default_category = forms.ChoiceField(
        label="Category of new organisations",
        choices=Category.choices,
        initial=Category.EMPLOYER,
        help_text="Used when the file has no category column or leaves it empty.",
    )
    encoding = forms.ChoiceField(
        label="Text encoding (CSV)",
        choices=list(ENCODINGS.items()),
        initial="auto",
        help_text="Leave on Detect: a file that is not UTF-8 is read as Windows-1252 (Excel "
        "and Outlook on Windows), and the preview says so.",
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        problem = size_problem(upload.size or 0)
        if problem:
            raise forms.ValidationError(problem)
        return upload


class ImportMappingForm(forms.Form):
    """The preview's settings: one select per column (preset with the suggestion), the header
    row, the encoding, the category of new organisations, and what to do with rejected and
    duplicate rows."""

    # Not required: a form posted without them (an older page, a script) keeps the import's own.
    header_row = forms.IntegerField(
        label="Row that names the columns",
        min_value=1,
        required=False,
        help_text="Found as the first row that holds a name column; rows above it are skipped.",
    )
    # The header row the columns below were shown for: a changed header row makes them stale.
    shown_header_row = forms.IntegerField(widget=forms.HiddenInput, required=False)
    encoding = forms.ChoiceField(
        label="Text encoding", choices=list(ENCODINGS.items()), required=False
    )
    mode = forms.ChoiceField(
        label="If some rows are rejected",
        choices=ImportBatch.Mode.choices,
        widget=forms.RadioSelect,
    )
    duplicates = forms.ChoiceField(
        label="If a row is someone already in the workspace (same e-mail, or same name at the "
        "same organisation)",
        choices=ImportBatch.Duplicates.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    default_category = forms.ChoiceField(
        label="Category of new organisations", choices=Category.choices
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, batch: ImportBatch, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "header_row": batch.header_row or 1,
                "shown_header_row": batch.header_row or 1,
                "encoding": batch.encoding,
                "mode": batch.mode,
                "duplicates": batch.duplicates,
                "default_category": batch.default_category,
                "version": batch.version,
                **{f"col_{i}": batch.mapping.get(str(i), "") for i in range(len(batch.header))},
            },
        )
        super().__init__(*args, **kwargs)
        choices = field_choices(batch.target)
        self.batch = batch
        for index, name in enumerate(batch.header):
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=name, choices=choices, required=False
            )
        if batch.filename.lower().endswith((".xlsx", ".xlsm")):
            del self.fields["encoding"]  # a workbook names its own encoding

    def column_fields(self) -> list[forms.BoundField]:
        return [self[f"col_{i}"] for i in range(len(self.batch.header))]

    def header_changed(self) -> bool:
        chosen = self.cleaned_data.get("header_row")
        shown = self.cleaned_data.get("shown_header_row") or self.batch.header_row
        return chosen is not None and chosen != shown

    def mapping(self) -> dict[str, str]:
        return {
            str(i): self.cleaned_data[f"col_{i}"]
            for i in range(len(self.batch.header))
            if self.cleaned_data.get(f"col_{i}")
        }
