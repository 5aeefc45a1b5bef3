from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils import timezone

from convenor.lib.forms import VersionedModelForm
from convenor.partners.choices import (
    SELECT_LIMIT,
    Narrowed,
    chosen,
    model_field,
    narrow,
    search,
)
from convenor.partners.imports import field_choices
from convenor.partners.models import (
    TRAITS,
    Category,
    ImportBatch,
    MemberRole,
    Organisation,
    PartnershipMember,
    Person,
    Relationship,
    RelationshipKind,
    Stage,
)
from convenor.partners.tabular import ENCODINGS, MAX_BYTES, size_problem
from convenor.partnerships.naics import NaicsField
from convenor.workspaces.models import Workspace

DATE = forms.DateInput(attrs={"type": "date"})

if TYPE_CHECKING:  # the relationship mixin is only ever mixed into a form
    _FormBase = forms.BaseForm
else:
    _FormBase = object


def _https_urls(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """Model form fields, with web addresses typed without a scheme read as https."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class OrganisationForm(VersionedModelForm):
    naics_code = NaicsField(
        label=Organisation._meta.get_field("naics_code").verbose_name.capitalize(),
        help_text=Organisation._meta.get_field("naics_code").help_text,
    )

    class Meta:
        formfield_callback = _https_urls
        model = Organisation
        fields = [
            "name",
            "category",
            "education_type",
            "other_label",
            "naics_code",
            "employees",
            "size_band",
            "address",
            "county",
            "county_fips",
            "website",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "category": "The toolkit's partner categories (Step Two: Identify Partners): "
            "employers first, then who can bring knowledge of the industry and of the "
            "region's labor force.",
            "county_fips": "5 digits, e.g. 39049 for Franklin County, Ohio.",
        }

    def __init__(self, *args: Any, workspace: Workspace | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if workspace is not None:
            self.instance.workspace = workspace

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("category") == Category.OTHER and not data.get("other_label"):
            self.add_error(
                "other_label", "Say what kind of organisation it is (e.g. housing authority)."
            )
        return data


class PersonForm(VersionedModelForm):
    class Meta:
        model = Person
        fields = [
            "name",
            "title",
            "organisation",
            "email",
            "phone",
            "authority_level",
            *[name for name, _, _ in TRAITS],
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, workspace: Workspace, query: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.workspace = workspace
        orgs = Organisation.objects.filter(workspace=workspace).order_by("name")
        model_field(self, "organisation").queryset = orgs
        narrow(
            self,
            "organisation",
            search(orgs, query, "name"),
            keep=chosen(self, "organisation", self.instance.organisation_id),
        )

    def trait_groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        groups: dict[str, list[forms.BoundField]] = {}
        for name, _, group in TRAITS:
            groups.setdefault(group, []).append(self[name])
        return list(groups.items())

    def main_fields(self) -> list[forms.BoundField]:
        traits = {name for name, _, _ in TRAITS}
        return [f for f in self.visible_fields() if f.name not in traits]


class MemberAddForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        help_text="The organisation at the table.",
    )
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        help_text="Its representative (or a person on their own, e.g. a retired industry "
        "leader). Their organisation is used when you leave the organisation empty.",
    )
    role = forms.ChoiceField(
        choices=[("", "(suggested from the category)"), *MemberRole.choices], required=False
    )
    stage = forms.ChoiceField(choices=Stage.choices, initial=Stage.IDENTIFIED)
    since = forms.DateField(
        label="In this stage since",
        required=False,
        widget=DATE,
        help_text="Today when empty; e.g. the day you first met them.",
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, workspace_id: int, query: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        orgs = Organisation.objects.filter(workspace_id=workspace_id).order_by("name")
        people = (
            Person.objects.filter(workspace_id=workspace_id)
            .select_related("organisation")
            .order_by("name")
        )
        model_field(self, "organisation").queryset = orgs
        model_field(self, "person").queryset = people
        # Django's way to label one form's options: an attribute of the field instance.
        model_field(self, "person").label_from_instance = person_label  # type: ignore[assignment]
        narrow(self, "organisation", search(orgs, query, "name"), keep=chosen(self, "organisation"))
        narrow(
            self,
            "person",
            search(people, query, "name", "organisation__name", "email"),
            keep=chosen(self, "person"),
            label=person_label,
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("organisation") and not data.get("person"):
            raise forms.ValidationError("Choose an organisation, a person, or both.")
        return data


class MemberForm(VersionedModelForm):
    class Meta:
        model = PartnershipMember
        fields = ["role", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class MoveForm(forms.Form):
    stage = forms.ChoiceField(choices=Stage.choices, label="Move to")
    moved_on = forms.DateField(
        label="Date of the move", required=False, widget=DATE, help_text="Today when empty."
    )
    note = forms.CharField(max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def clean_moved_on(self) -> dt.date | None:
        value = self.cleaned_data.get("moved_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError("A move cannot be dated in the future.")
        return value


def person_label(person: Person) -> str:
    return f"{person.name} ({person.organisation})" if person.organisation_id else person.name


_KEY = re.compile(r"^[po]\d+$")


def end_key(obj: Person | Organisation | None) -> str:
    """The select value of a relationship's end: "p12" for a person, "o5" for an organisation."""
    if obj is None:
        return ""
    return f"{'p' if isinstance(obj, Person) else 'o'}{obj.pk}"


class _RelationshipEnds(_FormBase):
    """Two ends chosen among people ("p12") and organisations ("o5") of the workspace.

    The options stay small in a large registry (the page's search narrows them);
    what is chosen is always listed, and any person or organisation of the
    workspace validates.
    """

    def _end_choices(self, workspace_id: int, query: str) -> None:
        self.workspace_id = workspace_id
        people = Person.objects.filter(workspace_id=workspace_id).select_related("organisation")
        orgs = Organisation.objects.filter(workspace_id=workspace_id)
        shown_people = search(people, query, "name", "organisation__name").order_by("name")
        shown_orgs = search(orgs, query, "name").order_by("name")
        total = people.count() + orgs.count()
        keep = {k for k in (chosen(self, "source") + chosen(self, "target")) if _KEY.match(str(k))}
        people_options = [(f"p{p.pk}", person_label(p)) for p in shown_people[:SELECT_LIMIT]]
        org_options = [(f"o{o.pk}", o.name) for o in shown_orgs[:SELECT_LIMIT]]
        listed = {key for key, _ in people_options + org_options}
        for key in keep - listed:
            obj = self._find(key)
            if obj is not None:
                option = (key, person_label(obj) if isinstance(obj, Person) else obj.name)
                (people_options if key[0] == "p" else org_options).append(option)
        choices = [("", "---------"), ("People", people_options), ("Organisations", org_options)]
        for name in ("source", "target"):
            widget = self.fields[name].widget
            assert isinstance(widget, forms.Select)
            widget.choices = choices
        shown = len(people_options) + len(org_options)
        if shown < total:
            self.narrowed = [Narrowed("source", shown, total)]  # for the page's search

    def _find(self, key: str) -> Person | Organisation | None:
        model = Person if key.startswith("p") else Organisation
        return model.objects.filter(workspace_id=self.workspace_id, pk=int(key[1:])).first()

    def _clean_end(self, name: str) -> Person | Organisation:
        key = self.cleaned_data.get(name, "")
        obj = self._find(key) if _KEY.match(key) else None
        if obj is None:
            raise forms.ValidationError("Choose a person or an organisation of this workspace.")
        return obj

    def clean_source(self) -> Person | Organisation:
        return self._clean_end("source")

    def clean_target(self) -> Person | Organisation:
        return self._clean_end("target")


class RelationshipForm(_RelationshipEnds, forms.Form):
    """A new relationship."""

    source = forms.CharField(label="From", widget=forms.Select)
    kind = forms.ChoiceField(choices=RelationshipKind.choices, label="Relationship")
    target = forms.CharField(label="To", widget=forms.Select)
    note = forms.CharField(max_length=300, required=False)

    def __init__(self, *args: Any, workspace_id: int, query: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._end_choices(workspace_id, query)


class RelationshipEditForm(_RelationshipEnds, VersionedModelForm):
    """Change a relationship's ends, kind or note; carries the version it was opened on."""

    source = forms.CharField(label="From", widget=forms.Select)
    target = forms.CharField(label="To", widget=forms.Select)

    class Meta:
        model = Relationship
        fields = ["source", "kind", "target", "note"]
        labels = {"kind": "Relationship"}

    def __init__(self, *args: Any, query: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["source"] = end_key(self.instance.source)
            self.initial["target"] = end_key(self.instance.target)
        self._end_choices(self.instance.workspace_id, query)

    def _post_clean(self) -> None:
        """Leave the model check to ``services.relationship_update``: it checks the kind
        with both ends together and names the field at fault, where the model's own
        check here would see the new kind with the old ends."""


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV or Excel file",
        help_text="Contact exports from Outlook, Google Contacts or Salesforce, or a Convenor "
        f"export, up to {MAX_BYTES // 1024 // 1024} MB. Columns are matched from the header.",
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
        help_text="Leave on Detect; choose Windows-1252 if the file came from Excel or "
        "Outlook on Windows and accents come out wrong.",
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        problem = size_problem(upload.size or 0)
        if problem:
            raise forms.ValidationError(problem)
        return upload


class ImportMappingForm(forms.Form):
    """One select per column of the file, preset with the suggestion."""

    mode = forms.ChoiceField(
        label="If some rows are rejected",
        choices=ImportBatch.Mode.choices,
        widget=forms.RadioSelect,
    )
    default_category = forms.ChoiceField(
        label="Category of new organisations", choices=Category.choices
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, batch: ImportBatch, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "mode": batch.mode,
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

    def column_fields(self) -> list[forms.BoundField]:
        return [self[f"col_{i}"] for i in range(len(self.batch.header))]

    def mapping(self) -> dict[str, str]:
        return {
            str(i): self.cleaned_data[f"col_{i}"]
            for i in range(len(self.batch.header))
            if self.cleaned_data.get(f"col_{i}")
        }
