"""Forms of the meetings pages: meetings, minutes, agenda, attendance, decisions, action
items, calendar feeds."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Case, Value, When

from convenor.lib.forms import VersionedModelForm
from convenor.meetings.models import (
    PLAN_LINKS,
    ActionItem,
    ActionStatus,
    AgendaItem,
    Decision,
    Meeting,
)
from convenor.meetings.selectors import WHERE_CHOICES
from convenor.outreach.selectors import touches_of
from convenor.partners.models import Category, Person
from convenor.partners.picker import people_of, pick_people
from convenor.partnerships.models import Partnership

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NOT_IN_REGISTRY = "That person is not in this workspace's partners registry."


def model_choices(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The (single or multiple) model choice field ``name``, to narrow its queryset."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


class PersonChoice(forms.ModelMultipleChoiceField[Person]):
    def label_from_instance(self, obj: Any) -> str:
        parts = [obj.name]
        if obj.organisation_id:
            parts.append(f"{obj.organisation} ({obj.organisation.get_category_display()})")
        if obj.authority_level:
            parts.append(obj.get_authority_level_display())
        if obj.is_top_government_leader:
            parts.append("top government leader")
        return " · ".join(parts)


class MeetingForm(VersionedModelForm):
    objective = forms.CharField(
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "State the objective: never meet for the sake of meeting."},
        help_text="Never meet for the sake of meeting: what must this meeting decide or produce? "
        "(Every Initiative Needs a Way to Maintain Momentum and Energy)",
    )
    invitees = PersonChoice(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": NOT_IN_REGISTRY, "invalid_pk_value": NOT_IN_REGISTRY},
        help_text="People from the partners registry. Weight the table toward employers.",
    )

    class Meta:
        model = Meeting
        fields = [
            "title",
            "event_type",
            "expectation",
            "starts_at",
            "ends_at",
            "location",
            "objective",
        ]
        labels = {"starts_at": "Starts", "ends_at": "Ends", "event_type": "Type of event"}
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME}
        help_texts = {
            "title": "Invitees read the title: a 'summit' promises top government leaders "
            "(Convening Employers: What's in a Name?).",
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.instance.workspace_id = partnership.workspace_id
        self.instance.partnership = partnership
        employers_first = Case(
            When(organisation__category=Category.EMPLOYER, then=Value(0)), default=Value(1)
        )
        model_choices(self, "invitees").queryset = people_of(partnership.workspace_id).order_by(
            employers_first, "name"
        )
        if self.instance.pk and not self.is_bound:
            self.initial["invitees"] = [
                a.person_id for a in self.instance.attendance.all() if a.invited
            ]
        pick_people(self, "invitees")  # lists the initial invitees among the shown
        self.fields[
            "event_type"
        ].help_text = "Words have meaning: each name sets an expectation (see what each promises)."
        self.fields["expectation"].required = False

    def changes(self) -> dict[str, Any]:
        changes = super().changes()
        changes["invitees"] = list(self.cleaned_data.get("invitees") or [])
        return changes


class MeetingCreateForm(MeetingForm):
    use_sample_agenda = forms.BooleanField(
        label="Start from the toolkit's sample first-meeting agenda",
        required=False,
        help_text="Seven time-boxed items, prefilled with the target industry and what employers "
        "said in one-on-ones (Step Four: Begin Meeting as Partners and Learn More).",
    )
    is_kickoff = forms.BooleanField(label="Kick-off meeting", required=False)

    def __init__(self, *args: Any, offer_template: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not offer_template:
            del self.fields["use_sample_agenda"]

    def changes(self) -> dict[str, Any]:
        changes = super().changes()
        changes["is_kickoff"] = bool(self.cleaned_data.get("is_kickoff"))
        return changes


class MinutesForm(VersionedModelForm):
    notes = forms.CharField(
        label="Minutes",
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="What was discussed and learned. Decisions and action items are recorded "
        "below so they reach the decision log and owners.",
    )

    class Meta:
        model = Meeting
        fields = ["notes"]


class AgendaItemForm(VersionedModelForm):
    details = forms.CharField(
        required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    minutes = forms.IntegerField(
        min_value=1, max_value=600, help_text="The time box. No one has time to waste."
    )

    class Meta:
        model = AgendaItem
        fields = ["title", "minutes", "owner", "owner_label", "details", "position"]
        labels = {"owner": "Led by (partner)"}

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "owner").queryset = people_of(meeting.workspace_id)
        self.fields["owner"].error_messages["invalid_choice"] = NOT_IN_REGISTRY
        pick_people(self, "owner")
        self.fields["position"].required = False
        self.fields["position"].widget = forms.HiddenInput()

    def clean_position(self) -> int | None:
        return self.cleaned_data.get("position") or None

    def changes(self) -> dict[str, Any]:
        changes = super().changes()
        if changes.get("position") is None:
            changes.pop("position", None)
        return changes


class AttendanceForm(forms.Form):
    attended = forms.TypedMultipleChoiceField(
        label="Attended", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    walk_in: forms.ModelChoiceField[Person] = forms.ModelChoiceField(
        label="Add someone who came without an invitation",
        queryset=None,
        required=False,
        error_messages={"invalid_choice": NOT_IN_REGISTRY},
    )
    # The version of the invitee and attendance list the form was rendered from.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rows = list(meeting.attendance.all())
        attended = self.fields["attended"]
        assert isinstance(attended, forms.TypedMultipleChoiceField)
        attended.choices = [
            (a.person_id, f"{a.person.name}{'' if a.invited else ' (not invited)'}") for a in rows
        ]
        model_choices(self, "walk_in").queryset = people_of(meeting.workspace_id).exclude(
            pk__in=[a.person_id for a in rows]
        )
        pick_people(self, "walk_in")
        if not self.is_bound:
            self.initial["attended"] = [a.person_id for a in rows if a.attended]
            self.initial["version"] = meeting.attendance_version

    @classmethod
    def refused(cls, form: AttendanceForm, *, meeting: Meeting, message: str) -> AttendanceForm:
        """The form again after a stale save: the current list's rows and version, what
        the person ticked still ticked, and the refusal on top."""
        data = form.data.copy()  # type: ignore[attr-defined]  # a bound form's QueryDict
        data["version"] = str(meeting.attendance_version)
        walk_in = data.get("walk_in", "")
        if walk_in and any(str(a.person_id) == walk_in for a in meeting.attendance.all()):
            # The other person added the same walk-in: it is a row now, ticked.
            data.setlist("attended", [*data.getlist("attended"), walk_in])
            data["walk_in"] = ""
        again = cls(data, meeting=meeting)
        again.is_valid()
        again.add_error(None, message)
        again.stale = True  # type: ignore[attr-defined]
        return again


class DecisionForm(VersionedModelForm):
    text = forms.CharField(
        label="What was decided",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write what was decided."},
    )

    class Meta:
        model = Decision
        fields = ["text", "decided_on", "decided_by", "meeting", "touch"]
        widgets = {"decided_on": DATE}
        labels = {"meeting": "At the meeting", "touch": "Or in the one-on-one"}
        help_texts = {
            "decided_by": "E.g. 'Employer partners by consensus', 'Steering group', a name.",
            "touch": "A decision made in a one-on-one conversation (outreach touch).",
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.workspace_id = partnership.workspace_id
        self.instance.partnership = partnership
        model_choices(self, "meeting").queryset = partnership.meetings.order_by("-starts_at")
        model_choices(self, "touch").queryset = touches_of(partnership)
        for name in ("meeting", "touch"):
            self.fields[name].error_messages["invalid_choice"] = (
                f"That {name.replace('touch', 'conversation')} is not one of this partnership's."
            )
        # Links to the plan (the planning app's issues and goals), offered once there are any.
        plan = {"issues": partnership.issues.all(), "goals": partnership.goals.all()}
        labels = {"issues": "Issues it changed", "goals": "Goals it changed"}
        for name in PLAN_LINKS:
            if not plan[name].exists():
                continue
            self.fields[name] = forms.ModelMultipleChoiceField(
                label=labels[name],
                queryset=plan[name],
                required=False,
                widget=forms.CheckboxSelectMultiple,
                error_messages={"invalid_choice": "That is not one of this partnership's."},
            )
            if self.instance.pk and not self.is_bound:
                self.initial[name] = [o.pk for o in getattr(self.instance, name).all()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("meeting") and data.get("touch"):
            self.add_error("touch", "A decision is made at a meeting or in a one-on-one, not both.")
        return data

    def changes(self) -> dict[str, Any]:
        changes = super().changes()
        for name in PLAN_LINKS:
            if name in self.fields:
                changes[name] = list(self.cleaned_data.get(name) or [])
        return changes


class ActionItemForm(VersionedModelForm):
    title = forms.CharField(max_length=300, label="What must be done")

    class Meta:
        model = ActionItem
        fields = ["title", "owner", "due_on", "status", "meeting", "decision"]
        widgets = {"due_on": DATE}
        labels = {"meeting": "From the meeting", "decision": "From the decision"}
        help_texts = {"owner": "A person from the partners registry; external partners too."}

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.workspace_id = partnership.workspace_id
        self.instance.partnership = partnership
        model_choices(self, "owner").queryset = people_of(partnership.workspace_id)
        self.fields["owner"].error_messages["invalid_choice"] = NOT_IN_REGISTRY
        pick_people(self, "owner")
        model_choices(self, "meeting").queryset = partnership.meetings.order_by("-starts_at")
        model_choices(self, "decision").queryset = partnership.decisions.all()
        for name in ("meeting", "decision"):
            self.fields[name].error_messages["invalid_choice"] = (
                f"That {name} is not one of this partnership's."
            )
        self.fields["status"].required = False

    def clean_status(self) -> str:
        return self.cleaned_data.get("status") or ActionStatus.OPEN


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class CalendarFeedForm(forms.Form):
    name = forms.CharField(
        label="Who subscribes",
        max_length=100,
        help_text="A label to recognise the URL by, e.g. 'Employer partners' or 'Dana's Outlook'.",
    )


class DecisionFilterForm(forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "Words in the decision or who decided"}
        ),
    )
    where = forms.ChoiceField(label="Where", choices=WHERE_CHOICES, required=False)
    meeting: forms.ModelChoiceField[Meeting] = forms.ModelChoiceField(
        label="Meeting", queryset=None, required=False
    )
    date_from = forms.DateField(label="From", required=False, widget=DATE)
    date_to = forms.DateField(label="To", required=False, widget=DATE)

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "meeting").queryset = partnership.meetings.order_by("-starts_at")

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data.get("q") or "",
            "where": data.get("where") or "",
            "meeting_id": data["meeting"].pk if data.get("meeting") else None,
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }
