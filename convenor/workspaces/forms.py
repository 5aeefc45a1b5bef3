from __future__ import annotations

from typing import Any

from django import forms

from convenor.workspaces.access import partnership_model
from convenor.workspaces.models import ROLE_HELP, Invitation, Membership, Role, Workspace


class WorkspaceForm(forms.Form):
    name = forms.CharField(label="Organisation name", max_length=150)


class _RoleFields(forms.Form):
    role = forms.ChoiceField(
        choices=Role.choices,
        help_text="; ".join(f"{r.label}: {ROLE_HELP[r]}" for r in Role),
    )
    partnerships: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="For the partner role: the partnerships this person may see.",
    )

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["partnerships"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = partnership_model()._default_manager.filter(workspace=workspace)


def organisation_model() -> type[Any]:
    """The registry's organisations, as invitations name them (no import of that app)."""
    model = Invitation._meta.get_field("organisation").related_model
    assert isinstance(model, type)
    return model


class InvitationForm(_RoleFields):
    email = forms.EmailField(label="E-mail address")
    organisation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Organisation (for a partner)",
        help_text="Whom she speaks for. Accepting links her sign-in to the person of the "
        "partner registry with this e-mail; if there is none, she is added there, at this "
        "organisation.",
    )
    field_order = ["email", "role", "partnerships", "organisation"]

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, workspace=workspace, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            organisation_model()._default_manager.filter(workspace=workspace).order_by("name")
        )


class MembershipForm(_RoleFields):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    @classmethod
    def for_membership(cls, membership: Membership, data: Any = None) -> MembershipForm:
        return cls(
            data,
            workspace=membership.workspace,
            prefix=f"m{membership.pk}",
            initial={
                "role": membership.role,
                "partnerships": list(membership.partnerships.all()),
                "version": membership.version,
            },
        )
