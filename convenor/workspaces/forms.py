from __future__ import annotations

from typing import Any

from django import forms

from convenor.workspaces.access import partnership_model
from convenor.workspaces.models import ROLE_HELP, Membership, Role, Workspace


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


class InvitationForm(_RoleFields):
    email = forms.EmailField(label="E-mail address")
    field_order = ["email", "role", "partnerships"]


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
