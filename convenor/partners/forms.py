from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from django import forms
from django.db import models
from django.utils import timezone

from convenor.lib.forms import VersionedModelForm
from convenor.partners.choices import (
    Narrowed,
    chosen,
    model_field,
    narrow,
    search,
    select_limit,
)
from convenor.partners.models import (
    TRAITS,
    Category,
    MemberRole,
    Organisation,
    PartnershipMember,
    Person,
    Relationship,
    RelationshipKind,
    Stage,
)
from convenor.partners.picker import pick_people
from convenor.partnerships.models import Partnership
from convenor.partnerships.naics import NaicsField
from convenor.workspaces.models import Membership, Workspace

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
    """Add a partner in one step: the organisation and the person picked from the registry
    or created here, with the role and the pipeline stage."""

    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        help_text="The organisation at the table, from the registry.",
    )
    new_organisation = forms.CharField(
        label="Or a new organisation",
        max_length=200,
        required=False,
        help_text="Its name: it is added to the registry.",
    )
    new_organisation_category = forms.ChoiceField(
        label="Category of the new organisation",
        choices=Category.choices,
        initial=Category.EMPLOYER,
        required=False,
    )
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        help_text="Its representative (or a person on their own, e.g. a retired industry "
        "leader). Their organisation is used when you leave the organisation empty.",
    )
    new_person = forms.CharField(
        label="Or a new person",
        max_length=200,
        required=False,
        help_text="Their name: they are added to the registry, at the organisation above.",
    )
    new_person_email = forms.EmailField(label="New person's e-mail", required=False)
    new_person_title = forms.CharField(label="New person's title", max_length=200, required=False)
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
        pick_people(
            self, "person", shown=search(people, query, "name", "organisation__name", "email")
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("organisation") and data.get("new_organisation"):
            self.add_error("new_organisation", "Pick an organisation or name a new one, not both.")
        if data.get("person") and data.get("new_person"):
            self.add_error("new_person", "Pick a person or name a new one, not both.")
        if not data.get("new_person") and (
            data.get("new_person_email") or data.get("new_person_title")
        ):
            self.add_error("new_person", "Give the new person's name.")
        if not any(
            data.get(k) for k in ("organisation", "new_organisation", "person", "new_person")
        ):
            raise forms.ValidationError("Choose an organisation or a person, or name a new one.")
        return data

    def new_organisation_fields(self) -> dict[str, Any] | None:
        name = self.cleaned_data.get("new_organisation")
        if not name:
            return None
        category = self.cleaned_data.get("new_organisation_category") or Category.EMPLOYER
        return {"name": name, "category": category}

    def new_person_fields(self) -> dict[str, Any] | None:
        name = self.cleaned_data.get("new_person")
        if not name:
            return None
        return {
            "name": name,
            "email": self.cleaned_data.get("new_person_email") or "",
            "title": self.cleaned_data.get("new_person_title") or "",
        }


class AddToPartnershipForm(forms.Form):
    """Put registry people and/or organisations at a partnership's table (one or several)."""

    partnership = forms.ModelChoiceField(queryset=Partnership.objects.none())
    role = forms.ChoiceField(
        choices=[("", "(suggested from the category)"), *MemberRole.choices], required=False
    )
    stage = forms.ChoiceField(choices=Stage.choices, initial=Stage.IDENTIFIED)
    people = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(), required=False, widget=forms.MultipleHiddenInput
    )
    organisations = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(), required=False, widget=forms.MultipleHiddenInput
    )

    def __init__(self, *args: Any, workspace_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        partnerships = Partnership.objects.filter(workspace_id=workspace_id).order_by("name")
        field = model_field(self, "partnership")
        field.queryset = partnerships
        # Read once: the registry's pages draw the select from these (one query, however
        # often the page asks whether there is any).
        self.partnership_options: list[tuple[int, str]] = [(p.pk, str(p)) for p in partnerships]
        field.widget.choices = [("", str(field.empty_label)), *self.partnership_options]
        model_field(self, "people").queryset = Person.objects.filter(
            workspace_id=workspace_id
        ).select_related("organisation")
        model_field(self, "organisations").queryset = Organisation.objects.filter(
            workspace_id=workspace_id
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("people") and not data.get("organisations"):
            raise forms.ValidationError("Tick the people or organisations to add.")
        return data


class QuickOrganisationForm(forms.Form):
    """A new organisation made in place, from a form that needs one."""

    name = forms.CharField(label="Name of the new organisation", max_length=200)
    category = forms.ChoiceField(choices=Category.choices, initial=Category.EMPLOYER)


class QuickPersonForm(forms.Form):
    """A new person made in place, from a form that needs one."""

    name = forms.CharField(label="Name of the new person", max_length=200)
    email = forms.EmailField(label="E-mail", required=False)
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), required=False)

    def __init__(self, *args: Any, workspace_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        orgs = Organisation.objects.filter(workspace_id=workspace_id).order_by("name")
        model_field(self, "organisation").queryset = orgs
        narrow(self, "organisation", orgs, keep=chosen(self, "organisation"))


def _member_label(membership: Membership) -> str:
    user = membership.user
    name = f"{user.name} <{user.email}>" if user.name else user.email
    return f"{name}, {membership.get_role_display().lower()}"


class AccountLinkForm(forms.Form):
    """Whose sign-in a person of the registry is: a member of the workspace."""

    membership = forms.ModelChoiceField(
        queryset=Membership.objects.none(),
        label="Sign-in",
        help_text="A member of the workspace. Her votes, hiring projections and action items "
        "are this person's.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"version": person.version})
        super().__init__(*args, **kwargs)
        linked = Person.objects.filter(workspace_id=person.workspace_id, user__isnull=False).values(
            "user_id"
        )
        field = model_field(self, "membership")
        field.queryset = (
            Membership.objects.filter(workspace_id=person.workspace_id)
            .exclude(user_id__in=linked)
            .select_related("user")
            .order_by("user__email")
        )
        field.label_from_instance = _member_label  # type: ignore[assignment]
        # The members not linked to anyone, read once for the select and for the page
        # ("This is me" is offered to a member who is among them).
        self.unlinked: list[Membership] = list(field.queryset)
        field.widget.choices = [
            ("", str(field.empty_label)),
            *((m.pk, _member_label(m)) for m in self.unlinked),
        ]

    def offers(self, user: Any) -> bool:
        """Is ``user`` a member whose sign-in is linked to no one yet?"""
        return any(m.user_id == user.pk for m in self.unlinked)


class PersonPickForm(forms.Form):
    """The registry person a member's sign-in is linked to (from the members page)."""

    person = forms.ModelChoiceField(queryset=Person.objects.none(), label="Person")

    def __init__(self, *args: Any, membership: Membership, query: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = (
            Person.objects.filter(workspace_id=membership.workspace_id, user__isnull=True)
            .select_related("organisation")
            .order_by("name")
        )
        field = model_field(self, "person")
        field.queryset = people
        field.label_from_instance = person_label  # type: ignore[assignment]
        # Someone with her e-mail is the likely one: chosen and listed even when the
        # registry is too large to list everyone.
        suggested = people.filter(email__iexact=membership.user.email).first()
        if suggested is not None and not self.is_bound:
            self.initial.setdefault("person", suggested.pk)
        keep = [suggested.pk] if suggested is not None else []
        shown = search(people, query, "name", "organisation__name", "email")
        pick_people(self, "person", shown=shown, keep=keep)


class PersonForMemberForm(forms.Form):
    """A new registry person for a member who is not in the registry yet."""

    name = forms.CharField(max_length=200)
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), required=False)

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"name": membership.user.name})
        kwargs.setdefault("prefix", "new")
        super().__init__(*args, **kwargs)
        orgs = Organisation.objects.filter(workspace_id=membership.workspace_id).order_by("name")
        model_field(self, "organisation").queryset = orgs
        narrow(self, "organisation", orgs, keep=chosen(self, "organisation"))


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
        limit = select_limit()
        people_options = [(f"p{p.pk}", person_label(p)) for p in shown_people[:limit]]
        org_options = [(f"o{o.pk}", o.name) for o in shown_orgs[:limit]]
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
