from __future__ import annotations

from django import forms

from convenor.partnerships.models import Partnership
from convenor.workspaces.models import ROLE_HELP, Membership, Role


class WorkspaceForm(forms.Form):
    name = forms.CharField(label="Organisation name", max_length=150)


class _RoleFields(forms.Form):
    role = forms.ChoiceField(
        choices=Role.choices,
        help_text="; ".join(f"{r.label}: {ROLE_HELP[r]}" for r in Role),
    )
    partnerships = forms.ModelMultipleChoiceField(
        queryset=Partnership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="For the partner role: the partnerships this person may see.",
    )

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnerships"].queryset = Partnership.objects.filter(workspace=workspace)


class InvitationForm(_RoleFields):
    email = forms.EmailField(label="E-mail address")
    field_order = ["email", "role", "partnerships"]


class MembershipForm(_RoleFields):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    @classmethod
    def for_membership(cls, membership: Membership, data=None) -> MembershipForm:
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
